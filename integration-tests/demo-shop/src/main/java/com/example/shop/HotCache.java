package com.example.shop;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

import java.time.Duration;

/**
 * The cache's hot tier: keys {@code shop:hot:<key>} with a 5 s TTL, through Lettuce (reads with the sync API,
 * writes fire-and-forget with the async API). Thread-safe: Lettuce connections are.
 */
final class HotCache implements AutoCloseable {
    private static final long TTL_SECONDS = 5;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private HotCache(RedisClient client, StatefulRedisConnection<String, String> connection) {
        this.client = client;
        this.connection = connection;
    }

    static HotCache connect(String host, int port) {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost(host).withPort(port)
                .withTimeout(Duration.ofSeconds(2)).build());
        try {
            return new HotCache(client, client.connect());
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    String get(String key) {
        return connection.sync().get("shop:hot:" + key);
    }

    void put(String key, String value) {
        connection.async().setex("shop:hot:" + key, TTL_SECONDS, value);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}

package com.example.shop;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.Supplier;

/**
 * A read-through cache in Redis (keys {@code shop:cache:<key>}, 60 s TTL), or nothing when Redis is not
 * configured or not reachable at start. Thread-safe: every call borrows its own connection from the pool.
 */
final class Cache implements AutoCloseable {
    private static final int TTL_SECONDS = 60;

    record Lookup(String value, boolean hit) {
    }

    private final JedisPool pool;

    private Cache(JedisPool pool) {
        this.pool = pool;
    }

    /** {@code hostAndPort} is {@code host:port}, or {@code off}/empty for no cache. */
    static Cache connect(String hostAndPort) {
        if (hostAndPort == null || hostAndPort.isEmpty() || hostAndPort.equals("off")) {
            return new Cache(null);
        }
        int colon = hostAndPort.lastIndexOf(':');
        String host = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
        int port = colon < 0 ? 6379 : Integer.parseInt(hostAndPort.substring(colon + 1));
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(host, port), 500);
        } catch (IOException e) {
            return new Cache(null);
        }
        return new Cache(new JedisPool(host, port));
    }

    boolean enabled() {
        return pool != null;
    }

    /** Returns the cached value, or computes, stores and returns it. */
    Lookup get(String key, Supplier<String> compute) {
        if (pool == null) {
            throw new IllegalStateException("Redis is not configured or was not reachable at start");
        }
        String redisKey = "shop:cache:" + key;
        try (Jedis jedis = pool.getResource()) {
            String value = jedis.get(redisKey);
            if (value != null) {
                return new Lookup(value, true);
            }
            value = compute.get();
            jedis.setex(redisKey, TTL_SECONDS, value);
            return new Lookup(value, false);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
    }
}

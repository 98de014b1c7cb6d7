package com.example.shop;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.Supplier;

/**
 * A two-tier read-through cache in Redis, or nothing when Redis is not configured or not reachable at start:
 * a hot tier of 5 s through Lettuce ({@link HotCache}, keys {@code shop:hot:<key>}) in front of a 60 s tier
 * through a Jedis pool (keys {@code shop:cache:<key>}). Each tier has its own hit rate, which Vitals shows per
 * keyspace. Thread-safe: every Jedis call borrows its own pooled connection; the Lettuce connection is shared.
 */
final class Cache implements AutoCloseable {
    private static final int TTL_SECONDS = 60;

    record Lookup(String value, boolean hit) {
    }

    private final JedisPool pool;
    private final HotCache hot;

    private Cache(JedisPool pool, HotCache hot) {
        this.pool = pool;
        this.hot = hot;
    }

    /** {@code hostAndPort} is {@code host:port}, or {@code off}/empty for no cache. */
    static Cache connect(String hostAndPort) {
        if (hostAndPort == null || hostAndPort.isEmpty() || hostAndPort.equals("off")) {
            return new Cache(null, null);
        }
        int colon = hostAndPort.lastIndexOf(':');
        String host = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
        int port = colon < 0 ? 6379 : Integer.parseInt(hostAndPort.substring(colon + 1));
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(host, port), 500);
        } catch (IOException e) {
            return new Cache(null, null);
        }
        HotCache hot;
        try {
            hot = HotCache.connect(host, port);
        } catch (RuntimeException e) {
            hot = null; // the Jedis tier works on its own
        }
        return new Cache(new JedisPool(host, port), hot);
    }

    boolean enabled() {
        return pool != null;
    }

    /** Returns the cached value (hot tier first), or computes, stores and returns it. */
    Lookup get(String key, Supplier<String> compute) {
        if (pool == null) {
            throw new IllegalStateException("Redis is not configured or was not reachable at start");
        }
        if (hot != null) {
            String value = hot.get(key);
            if (value != null) {
                return new Lookup(value, true);
            }
        }
        String redisKey = "shop:cache:" + key;
        try (Jedis jedis = pool.getResource()) {
            String value = jedis.get(redisKey);
            if (value == null) {
                value = compute.get();
                jedis.setex(redisKey, TTL_SECONDS, value);
                if (hot != null) {
                    hot.put(key, value);
                }
                return new Lookup(value, false);
            }
            if (hot != null) {
                hot.put(key, value);
            }
            return new Lookup(value, true);
        }
    }

    @Override
    public void close() {
        if (hot != null) {
            hot.close();
        }
        if (pool != null) {
            pool.close();
        }
    }
}

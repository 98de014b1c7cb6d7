package dev.vitals.it.cache.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import redis.clients.jedis.JedisPooled;

/**
 * Two cache tiers: a Caffeine cache (L1) in front of Redis (L2 on port {@code args[0]}; the agent's is {@code args[1]}). Product 1 is in Redis,
 * product 2 nowhere. Looking up 1, 1 and 2: L1 hits 1 and misses 2, Redis hits 1 and misses 1. Prints
 * {@code SCENARIO DONE}, then stays up.
 */
public final class TieredApp {
    private TieredApp() {
    }

    public static void main(String[] args) throws Exception {
        AgentReady.await(args[1]);
        try (JedisPooled redis = new JedisPooled("127.0.0.1", Integer.parseInt(args[0]))) {
            redis.set("tiered:product:1", "mug");
            redis.del("tiered:product:2");
            Products products = new Products(redis);
            products.find("tiered:product:1");
            products.find("tiered:product:1");
            products.find("tiered:product:2");
            redis.del("tiered:product:1");
        }
        System.out.println("SCENARIO DONE");
        Thread.currentThread().join();
    }

    /** Looks a product up in the local cache, then in Redis. */
    static final class Products {
        private final Cache<String, String> local = Caffeine.newBuilder().maximumSize(100).build();
        private final JedisPooled redis;

        Products(JedisPooled redis) {
            this.redis = redis;
        }

        String find(String key) {
            String value = local.getIfPresent(key);
            if (value == null) {
                value = redis.get(key);
                if (value != null) {
                    local.put(key, value);
                }
            }
            return value;
        }
    }
}

package dev.vitals.it.cache.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

/**
 * Three Caffeine caches, each owned by its own class so that each gets its own generated name: a bounded manual
 * cache ({@code caffeine:CaffeineApp.Users}), an unbounded loading cache ({@code caffeine:CaffeineApp.Prices}) and a size-bounded cache that
 * evicts ({@code caffeine:CaffeineApp.Recent}, maintenance on the calling thread). Prints {@code SCENARIO DONE}, then stays up.
 */
public final class CaffeineApp {
    private CaffeineApp() {
    }

    public static void main(String[] args) throws Exception {
        AgentReady.await(args[0]);
        Users.run();
        Prices.run();
        Recent.run();
        System.out.println("SCENARIO DONE");
        Thread.currentThread().join();
    }

    /** Hits 3, misses 3 (one loaded), puts 1, removals 1. */
    static final class Users {
        static final Cache<String, String> CACHE = Caffeine.newBuilder().maximumSize(1_000).build();

        static void run() {
            CACHE.getIfPresent("a");
            CACHE.put("a", "alice");
            CACHE.getIfPresent("a");
            CACHE.getIfPresent("a");
            CACHE.getIfPresent("b");
            CACHE.get("c", k -> "carol");
            CACHE.get("c", k -> "never");
            CACHE.invalidate("a");
        }
    }

    /** Hits 2, misses 2, both loaded. */
    static final class Prices {
        static final LoadingCache<String, Integer> CACHE = Caffeine.newBuilder().build(Prices::load);

        static int load(String sku) {
            int h = 0;
            for (int i = 0; i < 10_000; i++) {
                h = 31 * h + sku.hashCode() + i;
            }
            return h;
        }

        static void run() {
            CACHE.get("x");
            CACHE.get("x");
            CACHE.get("y");
            CACHE.get("x");
        }
    }

    /** 100 puts into a cache of 10: 90 evictions, 10 entries left. */
    static final class Recent {
        static final Cache<Integer, String> CACHE = Caffeine.newBuilder().maximumSize(10).executor(Runnable::run).build();

        static void run() {
            for (int i = 0; i < 100; i++) {
                CACHE.put(i, "v" + i);
            }
            CACHE.cleanUp();
        }
    }
}

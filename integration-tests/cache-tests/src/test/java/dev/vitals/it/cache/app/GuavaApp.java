package dev.vitals.it.cache.app;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;

/**
 * Three Guava caches, each owned by its own class: a manual cache ({@code guava:GuavaApp.Accounts}), a loading cache
 * ({@code guava:GuavaApp.Rates}) and a size-bounded cache that evicts ({@code guava:GuavaApp.Latest}). Prints
 * {@code SCENARIO DONE}, then stays up.
 */
public final class GuavaApp {
    private GuavaApp() {
    }

    public static void main(String[] args) throws Exception {
        AgentReady.await(args[0]);
        Accounts.run();
        Rates.run();
        Latest.run();
        System.out.println("SCENARIO DONE");
        Thread.currentThread().join();
    }

    /** Hits 3, misses 2 (one loaded), puts 1, removals 1. */
    static final class Accounts {
        static final Cache<String, String> CACHE = CacheBuilder.newBuilder().build();

        static void run() throws Exception {
            CACHE.getIfPresent("a");
            CACHE.put("a", "alice");
            CACHE.getIfPresent("a");
            CACHE.getIfPresent("a");
            CACHE.get("c", () -> "carol");
            CACHE.get("c", () -> "never");
            CACHE.invalidate("a");
        }
    }

    /** Hits 1, misses 2, both loaded. */
    static final class Rates {
        static final LoadingCache<String, Integer> CACHE = CacheBuilder.newBuilder().build(CacheLoader.from(String::length));

        static void run() {
            CACHE.getUnchecked("eur");
            CACHE.getUnchecked("eur");
            CACHE.getUnchecked("chf");
        }
    }

    /** 100 puts into a one-segment cache of 10: 90 evictions on the writing thread. */
    static final class Latest {
        static final Cache<Integer, String> CACHE = CacheBuilder.newBuilder().maximumSize(10).concurrencyLevel(1).build();

        static void run() {
            for (int i = 0; i < 100; i++) {
                CACHE.put(i, "v" + i);
            }
        }
    }
}

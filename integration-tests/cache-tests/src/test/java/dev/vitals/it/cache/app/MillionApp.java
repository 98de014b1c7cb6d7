package dev.vitals.it.cache.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.cache.concurrent.ConcurrentMapCache;
import org.springframework.cache.interceptor.AbstractCacheInvoker;

/**
 * A million distinct cache names (Spring caches read and written through Spring's cache invoker, as
 * {@code @Cacheable} does, each dropped after use), then a million distinct keys in one Caffeine cache. Prints the
 * heap used after a full GC and {@code SCENARIO DONE}, then stays up.
 */
public final class MillionApp {
    static final int COUNT = 1_000_000;

    private MillionApp() {
    }

    public static void main(String[] args) throws Exception {
        AgentReady.await(args[0]);
        Invoker invoker = new Invoker();
        for (int i = 0; i < COUNT; i++) {
            ConcurrentMapCache cache = new ConcurrentMapCache("cache-" + i);
            invoker.get(cache, "k");
            invoker.put(cache, "k", "v");
        }
        Cache<Integer, Integer> keys = Caffeine.newBuilder().maximumSize(1_000).executor(Runnable::run).build();
        for (int i = 0; i < COUNT; i++) {
            keys.put(i, i);
            keys.getIfPresent(i);
        }
        System.gc();
        Runtime r = Runtime.getRuntime();
        System.out.println("HEAP USED " + (r.totalMemory() - r.freeMemory()));
        System.out.println("SCENARIO DONE");
        Thread.currentThread().join();
    }

    /** Spring's own invoker, which the caching aspect extends. */
    static final class Invoker extends AbstractCacheInvoker {
        void get(ConcurrentMapCache cache, Object key) {
            doGet(cache, key);
        }

        void put(ConcurrentMapCache cache, Object key, Object value) {
            doPut(cache, key, value);
        }
    }
}

package dev.vitals.it.cache.app;

import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.EntryUnit;
import org.ehcache.config.units.MemoryUnit;
import org.ehcache.core.spi.time.TimeSource;
import org.ehcache.impl.internal.TimeSourceConfiguration;
import org.ehcache.spi.loaderwriter.CacheLoaderWriter;

import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import java.time.Duration;

/**
 * Ehcache 3 through its own API and as a JCache provider. {@code products} (configured on the cache manager):
 * hits 2, misses 2, puts 4 ({@code put}, both {@code putIfAbsent}s, {@code replace}), removals 2. {@code recent}
 * (created later, 10 entries on heap): 100 puts, 90 evictions, size 10. {@code rates}, with a loader: hits 1, misses 2,
 * both loaded, size 2. {@code sessions}, on a second cache manager whose time source is a manual clock (Ehcache's
 * own injection point, so nothing sleeps): 8 puts with a 10 s time to live, the clock moved 11 s, 5 of them read:
 * 5 misses, 5 expirations (also evictions), size 3 (the entries not read yet are expired but still held).
 * {@code catalog}, 10 entries on heap over 1 MB off-heap: 1000 puts of 2 KB values, so the off-heap tier, the
 * authority, evicts; the heap tier's evictions only move entries down, so evictions + size = 1000. JCache over Ehcache: {@code books}, hits 2, misses 2, puts 1, removals 1; the read-through {@code authors},
 * a miss with a load, then a hit. Prints {@code SCENARIO DONE}, then stays up.
 */
public final class EhcacheApp {
    private EhcacheApp() {
    }

    public static void main(String[] args) throws Exception {
        AgentReady.await(args[0]);
        CacheManager manager = CacheManagerBuilder.newCacheManagerBuilder()
                .withCache("products", CacheConfigurationBuilder.newCacheConfigurationBuilder(String.class, String.class,
                        ResourcePoolsBuilder.heap(1_000)))
                .build(true);
        Cache<String, String> products = manager.getCache("products", String.class, String.class);
        products.get("1");
        products.put("1", "chair");
        products.get("1");
        products.get("1");
        products.putIfAbsent("1", "never");
        products.putIfAbsent("2", "table");
        products.replace("2", "desk");
        products.remove("1");
        products.get("1");
        products.remove("2", "desk");

        Cache<Integer, String> recent = manager.createCache("recent", CacheConfigurationBuilder
                .newCacheConfigurationBuilder(Integer.class, String.class, ResourcePoolsBuilder.heap(10)));
        for (int i = 0; i < 100; i++) {
            recent.put(i, "v" + i);
        }

        Cache<String, Integer> rates = manager.createCache("rates", CacheConfigurationBuilder
                .newCacheConfigurationBuilder(String.class, Integer.class, ResourcePoolsBuilder.heap(100))
                .withLoaderWriter(new RateLoader()));
        rates.get("eur");
        rates.get("eur");
        rates.get("chf");

        ManualClock clock = new ManualClock();
        CacheManager timed = CacheManagerBuilder.newCacheManagerBuilder().using(new TimeSourceConfiguration(clock)).build(true);
        Cache<String, String> sessions = timed.createCache("sessions", CacheConfigurationBuilder
                .newCacheConfigurationBuilder(String.class, String.class, ResourcePoolsBuilder.heap(100))
                .withExpiry(ExpiryPolicyBuilder.timeToLiveExpiration(Duration.ofSeconds(10))));
        for (int i = 0; i < 8; i++) {
            sessions.put("s" + i, "user" + i);
        }
        clock.advance(Duration.ofSeconds(11));
        for (int i = 0; i < 5; i++) {
            sessions.get("s" + i);
        }

        Cache<Integer, String> catalog = manager.createCache("catalog", CacheConfigurationBuilder
                .newCacheConfigurationBuilder(Integer.class, String.class, ResourcePoolsBuilder.newResourcePoolsBuilder()
                        .heap(10, EntryUnit.ENTRIES).offheap(1, MemoryUnit.MB)));
        String page = "x".repeat(2048);
        for (int i = 0; i < 1000; i++) {
            catalog.put(i, page);
        }

        javax.cache.CacheManager jcache = Caching.getCachingProvider("org.ehcache.jsr107.EhcacheCachingProvider")
                .getCacheManager();
        JCacheApp.books(jcache.createCache("books", new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class)));
        JCacheApp.authors(jcache);
        System.out.println("SCENARIO DONE");
        Thread.currentThread().join();
    }

    /** Ehcache's time source, moved by hand. */
    static final class ManualClock implements TimeSource {
        private volatile long millis = 1_000_000L;

        void advance(Duration d) {
            millis += d.toMillis();
        }

        @Override
        public long getTimeMillis() {
            return millis;
        }
    }

    /** Loads a rate (the key's length); writes nowhere. */
    static final class RateLoader implements CacheLoaderWriter<String, Integer> {
        @Override
        public Integer load(String key) {
            return key.length();
        }

        @Override
        public void write(String key, Integer value) {
        }

        @Override
        public void delete(String key) {
        }
    }
}

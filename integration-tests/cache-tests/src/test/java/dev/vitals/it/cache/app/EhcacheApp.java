package dev.vitals.it.cache.app;

import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.spi.loaderwriter.CacheLoaderWriter;

import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/**
 * Ehcache 3 through its own API and as a JCache provider. {@code products} (configured on the cache manager):
 * hits 2, misses 2, puts 4 ({@code put}, both {@code putIfAbsent}s, {@code replace}), removals 2. {@code recent}
 * (created later, 10 entries on heap): 100 puts, 90 evictions. {@code rates}, with a loader: hits 1, misses 2, both
 * loaded. JCache over Ehcache: {@code books}, hits 2, misses 2, puts 1, removals 1; the read-through {@code authors},
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

        javax.cache.CacheManager jcache = Caching.getCachingProvider("org.ehcache.jsr107.EhcacheCachingProvider")
                .getCacheManager();
        JCacheApp.books(jcache.createCache("books", new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class)));
        JCacheApp.authors(jcache);
        System.out.println("SCENARIO DONE");
        Thread.currentThread().join();
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

package dev.vitals.it.cache.app;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * JCache through Caffeine's provider (Caffeine underneath): {@code books} gets hits 2, misses 2, puts 1, removals 1;
 * the read-through {@code authors} gets a miss with a load, then a hit. Prints {@code SCENARIO DONE}, then stays up.
 */
public final class JCacheApp {
    private JCacheApp() {
    }

    public static void main(String[] args) throws Exception {
        AgentReady.await(args[0]);
        CacheManager manager = Caching.getCachingProvider().getCacheManager();
        books(manager.createCache("books", new MutableConfiguration<String, String>()));

        authors(manager);
        System.out.println("SCENARIO DONE");
        Thread.currentThread().join();
    }

    /** Hits 2, misses 2, puts 1, removals 1 (also the Ehcache app's JCache scenario). */
    static void books(Cache<String, String> books) {
        books.get("1");
        books.put("1", "Dune");
        books.get("1");
        books.get("1");
        books.remove("1");
        books.get("1");
    }

    /** A read-through cache: a miss with a load, then a hit (also the Ehcache app's). */
    static void authors(CacheManager manager) {
        MutableConfiguration<String, String> readThrough = new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class)
                .setReadThrough(true).setCacheLoaderFactory(FactoryBuilder.factoryOf(new AuthorLoader()));
        Cache<String, String> authors = manager.createCache("authors", readThrough);
        authors.get("herbert");
        authors.get("herbert");
    }

    /** The read-through loader. */
    public static final class AuthorLoader implements CacheLoader<String, String>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public String load(String key) {
            return key.toUpperCase();
        }

        @Override
        public Map<String, String> loadAll(Iterable<? extends String> keys) {
            Map<String, String> all = new HashMap<>();
            for (String k : keys) {
                all.put(k, load(k));
            }
            return all;
        }
    }
}

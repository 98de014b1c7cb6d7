package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.agent.instrumentation.InstalledTypeMatchers;
import dev.vitals.agent.instrumentation.LibraryClasses;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The in-process cache modules' type matchers on Caffeine 3's, Guava 33's, JCache's (Caffeine's provider) and
 * Spring 6's cache classes. Caffeine and Guava each have a {@code LocalCache}: each module takes only its own.
 */
class LocalCacheTypesTest {
    private static final String CAFFEINE = "com.github.benmanes.caffeine.cache.";
    private static final String GUAVA = "com.google.common.cache.";
    private final InstalledTypeMatchers caffeine = InstalledTypeMatchers.of(new CaffeineInstrumentation());
    private final InstalledTypeMatchers guava = InstalledTypeMatchers.of(new GuavaInstrumentation());
    private final InstalledTypeMatchers jcache = InstalledTypeMatchers.of(new JCacheInstrumentation());
    private final InstalledTypeMatchers spring = InstalledTypeMatchers.of(new SpringCacheInstrumentation());

    private static LibraryClasses libraries() {
        return LibraryClasses.of("caffeine-", "guava-", "cache-api-", "jcache-", "spring-context-");
    }

    @Test
    void caffeineTakesItsCachesNotGuavas() throws Exception {
        try (LibraryClasses lib = libraries()) {
            assertTrue(lib.matches(caffeine, CAFFEINE + "BoundedLocalCache"));
            assertTrue(lib.matches(caffeine, CAFFEINE + "UnboundedLocalCache"));
            assertTrue(lib.matches(caffeine, CAFFEINE + "LocalCache"));
            assertFalse(lib.matches(caffeine, GUAVA + "LocalCache"), "Guava's LocalCache");
            assertFalse(lib.matches(caffeine, CAFFEINE + "LocalManualCache"), "the facade over a LocalCache");
            assertFalse(lib.matches(caffeine, CAFFEINE + "BoundedLocalCache$BoundedLocalManualCache"), "nested in it");
            assertFalse(lib.matches(caffeine, CAFFEINE + "SSMS"), "a generated subclass: the advice is in the superclass");
            assertFalse(lib.matches(caffeine, CAFFEINE + "Caffeine"), "the builder");
        }
    }

    @Test
    void guavaTakesItsCacheAndSegmentsNotCaffeines() throws Exception {
        try (LibraryClasses lib = libraries()) {
            assertTrue(lib.matches(guava, GUAVA + "LocalCache"));
            assertTrue(lib.matches(guava, GUAVA + "LocalCache$Segment"));
            assertFalse(lib.matches(guava, CAFFEINE + "LocalCache"), "Caffeine's LocalCache");
            assertFalse(lib.matches(guava, GUAVA + "LocalCache$LocalManualCache"), "the facade, nested in LocalCache");
            assertFalse(lib.matches(guava, GUAVA + "ForwardingCache"));
            assertFalse(lib.matches(guava, GUAVA + "CacheBuilder"));
        }
    }

    @Test
    void jcacheTakesProviderCachesThatImplementTheApi() throws Exception {
        try (LibraryClasses lib = libraries()) {
            assertTrue(lib.matches(jcache, "com.github.benmanes.caffeine.jcache.CacheProxy"));
            assertTrue(lib.matches(jcache, "com.github.benmanes.caffeine.jcache.LoadingCacheProxy"), "through its superclass");
            assertFalse(lib.matches(jcache, "com.github.benmanes.caffeine.jcache.CacheManagerImpl"),
                    "Cache in its name, but a manager");
            assertFalse(lib.matches(jcache, "javax.cache.Cache"), "the API itself");
            assertFalse(lib.matches(jcache, "org.springframework.cache.concurrent.ConcurrentMapCache"), "another cache API");
            assertFalse(lib.matches(jcache, GUAVA + "LocalCache"));
        }
    }

    @Test
    void springTakesTheInvokerAndTheAspect() throws Exception {
        try (LibraryClasses lib = libraries()) {
            assertTrue(lib.matches(spring, "org.springframework.cache.interceptor.AbstractCacheInvoker"));
            assertTrue(lib.matches(spring, "org.springframework.cache.interceptor.CacheAspectSupport"));
            assertFalse(lib.matches(spring, "org.springframework.cache.interceptor.CacheInterceptor"),
                    "a subclass: the advice is in the aspect's own methods");
            assertFalse(lib.matches(spring, "org.springframework.cache.concurrent.ConcurrentMapCache"));
            assertFalse(lib.matches(spring, "org.springframework.cache.Cache"));
        }
    }
}

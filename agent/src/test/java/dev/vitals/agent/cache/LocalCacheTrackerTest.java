package dev.vitals.agent.cache;

import dev.vitals.agent.metrics.MetricRegistry;
import dev.vitals.bootstrap.cache.LocalCacheRecorder;
import dev.vitals.cacheowner.Inventory;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The in-process cache recorder as advice drives it: outermost layer wins, inner layers report loads and take the
 * outer name, names are capped, unnamed caches get their owner's name, and a recorded operation allocates nothing.
 * Library cache objects are stood in for by plain objects and maps: the recorder only ever holds them weakly and
 * reads a map's size.
 */
class LocalCacheTrackerTest {
    private static final int CALLS = 100_000;

    private final MetricRegistry registry = new MetricRegistry();
    private final LocalCaches caches = new LocalCaches(registry, 10);
    private final LocalCacheTracker tracker = new LocalCacheTracker(caches);

    @Test
    void theOutermostLayerCountsOnceAndTheInnerCacheTakesItsName() {
        ConcurrentHashMap<String, String> caffeine = new ConcurrentHashMap<>();
        caffeine.put("k", "v");
        // Spring @Cacheable -> JCache get -> Caffeine computeIfAbsent, which loads.
        Object spring = tracker.enter(LocalCacheRecorder.JCACHE, new Object(), "books", true);
        Object jcache = tracker.enter(LocalCacheRecorder.JCACHE, new Object(), "books", true);
        Object inner = tracker.enter(LocalCacheRecorder.CAFFEINE, caffeine, null, true);
        tracker.missed();
        tracker.exitGet(inner, true);
        tracker.exitGet(jcache, true);
        tracker.exitGet(spring, true);

        LocalCache books = caches.byName("books", LocalCacheRecorder.JCACHE);
        assertEquals(0, books.hits.sum());
        assertEquals(1, books.misses.sum(), "one miss, counted once");
        assertEquals(1, caches.size(), "the Caffeine cache underneath has no name of its own");
        assertSame(books, caches.byObject(caffeine));
        assertEquals(1, books.size(), "the size is read from the Caffeine cache underneath");
        tracker.evicted(caffeine);
        assertEquals(1, books.evictions.sum());

        Object next = tracker.enter(LocalCacheRecorder.JCACHE, new Object(), "books", false);
        tracker.exitGet(next, true);
        assertEquals(1, books.hits.sum(), "the next read starts afresh");
    }

    @Test
    void anEhcacheCacheRecordsUnderItsAliasAndItsStoreEvictionsFollowIt() {
        Object cache = new Object();
        Object store = new Object();
        tracker.named(LocalCacheRecorder.EHCACHE, cache, "products");
        Object put = tracker.enter(LocalCacheRecorder.EHCACHE, cache, null, false);
        tracker.evicted(store); // the heap store evicts inside the write
        tracker.exitPut(put);
        tracker.evicted(store); // and later, outside any operation, still for the alias

        LocalCache products = caches.byName("products", LocalCacheRecorder.EHCACHE);
        assertEquals(1, products.puts.sum());
        assertEquals(2, products.evictions.sum());
        assertEquals("ehcache", LocalCache.LIBRARIES[products.library]);
        assertEquals(1, caches.size(), "no generated name for the store");
    }

    /** Stands for Ehcache's off-heap store: its null invalidation listener and its nested eviction listener. */
    static final class OffHeapStore {
        private static final Object NULL_INVALIDATION_LISTENER = new Object();

        static final class EvictionListener {
        }
    }

    @Test
    void expiriesAndTheAuthorityTiersEvictionsCountForTheCacheWithoutAllocating() {
        Object cache = new Object();
        Object heapStore = new Object();
        OffHeapStore.EvictionListener tier = new OffHeapStore.EvictionListener();
        tracker.named(LocalCacheRecorder.EHCACHE, cache, "sessions");
        Object get = tracker.enter(LocalCacheRecorder.EHCACHE, cache, null, false);
        tracker.expired(heapStore);
        tracker.evictedFromTier(tier, OffHeapStore.NULL_INVALIDATION_LISTENER);
        tracker.evictedFromTier(tier, new Object()); // a caching tier hands the entry down: still in the cache
        tracker.exitGet(get, false);

        LocalCache sessions = caches.byName("sessions", LocalCacheRecorder.EHCACHE);
        assertEquals(1, sessions.expirations.sum());
        assertEquals(2, sessions.evictions.sum(), "the expiry and the authority's eviction");
        assertEquals(1, caches.size(), "no generated name for the store or the tier");

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = 0;
        for (int round = 0; round < 6; round++) {
            if (round == 5) {
                before = threads.getThreadAllocatedBytes(tid);
            }
            for (int i = 0; i < CALLS; i++) {
                tracker.expired(heapStore);
                tracker.evictedFromTier(tier, OffHeapStore.NULL_INVALIDATION_LISTENER);
            }
        }
        long bytes = threads.getThreadAllocatedBytes(tid) - before;
        assertTrue(bytes < 2048, "recording allocated " + bytes + " bytes for " + 2 * CALLS + " evictions");
        assertEquals(1 + 6L * CALLS, sessions.expirations.sum(), "outside an operation, found by the store itself");
    }

    @Test
    void anUnnamedCacheIsNamedAfterItsOwnerOnce() {
        Object cache = new Object();
        Inventory.put(tracker, cache);
        Inventory.put(tracker, cache);
        LocalCache c = caches.byObject(cache);
        assertEquals("caffeine:Inventory", c.name);
        assertEquals(2, c.puts.sum());
    }

    @Test
    void namesPastTheCapShareOther() {
        for (int i = 0; i < 100_000; i++) {
            Object token = tracker.enter(LocalCacheRecorder.JCACHE, null, "cache-" + i, false);
            tracker.exitGet(token, false);
        }
        assertEquals(10, caches.size());
        assertEquals(100_000 - 10, caches.other().misses.sum());
        assertEquals(11, caches.all().size());
        assertTrue(registry.counterFamilies().stream().allMatch(f -> f.size() <= 2 * 12), "series are capped");
    }

    @Test
    void recordingAKnownCacheAllocatesNothing() {
        Object caffeine = new Object();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int round = 0; round < 5; round++) {
            run(caffeine);
        }
        long before = threads.getThreadAllocatedBytes(tid);
        run(caffeine);
        long bytes = threads.getThreadAllocatedBytes(tid) - before;
        assertTrue(bytes < 2048, "recording allocated " + bytes + " bytes for " + 3 * CALLS + " operations");
    }

    private void run(Object caffeine) {
        for (int i = 0; i < CALLS; i++) {
            tracker.exitGet(tracker.enter(LocalCacheRecorder.CAFFEINE, caffeine, null, false), (i & 1) == 0);
            tracker.exitPut(tracker.enter(LocalCacheRecorder.JCACHE, caffeine, "books", false));
            Object loading = tracker.enter(LocalCacheRecorder.CAFFEINE, caffeine, null, true);
            tracker.missed();
            tracker.exitGet(loading, true);
        }
    }
}

package dev.vitals.it.cache.app;

import org.ehcache.Cache;
import org.ehcache.PersistentCacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.EntryUnit;
import org.ehcache.config.units.MemoryUnit;
import org.ehcache.core.internal.statistics.DefaultStatisticsService;
import org.ehcache.core.statistics.TierStatistics;
import org.ehcache.impl.internal.TimeSourceConfiguration;

import java.io.File;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ehcache 3's off-heap and disk tiers, on one persistent cache manager (disk files in {@code args[0]}) whose time
 * source is a manual clock. Three caches with a 60 s time to live: {@code offheap} (1 MB off-heap only),
 * {@code heap-offheap} (10 entries on heap over 1 MB off-heap) and {@code heap-offheap-disk} (10 on heap, 1 MB
 * off-heap, 8 MB disk). The same script runs on each:
 * <ol>
 * <li>get a (miss), put a, get a twice (hits), get b (miss), remove a;</li>
 * <li>put t0..t19, get t0..t14 (hits: t5..t14 stay in the heap tier where there is one, t0..t4 move down to the
 *     off-heap caching tier of the three tiers, t15..t19 are in the last tier alone), move the clock 61 s, get
 *     t0..t19 (misses, each one expiration, wherever the entry was);</li>
 * <li>put {@code moves} entries m*, read each twice (hits): the heap tier's 10 entries churn, its evictions moving
 *     entries down (and, for the three tiers, 1.2 MB through the 1 MB off-heap caching tier to disk);</li>
 * <li>put {@code overflow} entries o* of 2 KB: twice what the last tier holds, so it evicts.</li>
 * </ol>
 * Each cache: hits 17 + 2 x moves, misses 22, puts 21 + moves + overflow, removals 1, expirations 20; every entry of
 * steps 3 and 4 is either held by the authority or evicted from it. Then prints Ehcache's own statistics per tier
 * ({@code TIER alias tier evictions=.. expirations=.. mappings=..}) and {@code SCENARIO DONE}, and stays up.
 */
public final class EhcacheTiersApp {
    static final Duration TTL = Duration.ofSeconds(60);

    private EhcacheTiersApp() {
    }

    public static void main(String[] args) throws Exception {
        AgentReady.await(args[1]);
        EhcacheApp.ManualClock clock = new EhcacheApp.ManualClock();
        DefaultStatisticsService statistics = new DefaultStatisticsService();
        PersistentCacheManager manager = CacheManagerBuilder.newCacheManagerBuilder()
                .with(CacheManagerBuilder.persistence(new File(args[0])))
                .using(new TimeSourceConfiguration(clock))
                .using(statistics)
                .build(true);
        Map<String, Cache<String, String>> caches = new TreeMap<>();
        caches.put("offheap", create(manager, "offheap", ResourcePoolsBuilder.newResourcePoolsBuilder()
                .offheap(1, MemoryUnit.MB)));
        caches.put("heap-offheap", create(manager, "heap-offheap", ResourcePoolsBuilder.newResourcePoolsBuilder()
                .heap(10, EntryUnit.ENTRIES).offheap(1, MemoryUnit.MB)));
        caches.put("heap-offheap-disk", create(manager, "heap-offheap-disk", ResourcePoolsBuilder.newResourcePoolsBuilder()
                .heap(10, EntryUnit.ENTRIES).offheap(1, MemoryUnit.MB).disk(8, MemoryUnit.MB, false)));

        for (Cache<String, String> c : caches.values()) {
            c.get("a");
            c.put("a", "first");
            c.get("a");
            c.get("a");
            c.get("b");
            c.remove("a");
            for (int i = 0; i < 20; i++) {
                c.put("t" + i, "ttl" + i);
            }
            for (int i = 0; i < 15; i++) {
                c.get("t" + i);
            }
        }
        clock.advance(TTL.plusSeconds(1));
        for (Cache<String, String> c : caches.values()) {
            for (int i = 0; i < 20; i++) {
                c.get("t" + i);
            }
        }
        moves(caches.get("offheap"), 50, 100);
        moves(caches.get("heap-offheap"), 50, 100);
        moves(caches.get("heap-offheap-disk"), 600, 2048);
        overflow(caches.get("offheap"), 1000);
        overflow(caches.get("heap-offheap"), 1000);
        overflow(caches.get("heap-offheap-disk"), 8000);

        for (String alias : caches.keySet()) {
            for (Map.Entry<String, TierStatistics> t : new TreeMap<>(statistics.getCacheStatistics(alias).getTierStatistics()).entrySet()) {
                TierStatistics s = t.getValue();
                System.out.println("TIER " + alias + " " + t.getKey() + " evictions=" + s.getEvictions()
                        + " expirations=" + s.getExpirations() + " mappings=" + s.getMappings());
            }
        }
        System.out.println("SCENARIO DONE");
        Thread.currentThread().join();
    }

    private static Cache<String, String> create(PersistentCacheManager manager, String alias, ResourcePoolsBuilder pools) {
        return manager.createCache(alias, CacheConfigurationBuilder.newCacheConfigurationBuilder(String.class, String.class, pools)
                .withExpiry(ExpiryPolicyBuilder.timeToLiveExpiration(TTL)));
    }

    /** Puts {@code count} entries of {@code size} characters, then reads each twice, in order. */
    private static void moves(Cache<String, String> c, int count, int size) {
        String value = "m".repeat(size);
        for (int i = 0; i < count; i++) {
            c.put("m" + i, value);
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < count; i++) {
                c.get("m" + i);
            }
        }
    }

    /** Puts {@code count} entries of 2 KB. */
    private static void overflow(Cache<String, String> c, int count) {
        String value = "o".repeat(2048);
        for (int i = 0; i < count; i++) {
            c.put("o" + i, value);
        }
    }
}

package dev.vitals.agent.cache;

import dev.vitals.agent.metrics.CounterFamily;
import dev.vitals.agent.metrics.MetricRegistry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyspacesTest {
    private final MetricRegistry registry = new MetricRegistry();

    private CacheStats stats(int cap) {
        return new CacheStats(registry, new KeyspaceRule(":", 3, Collections.emptyList()), cap);
    }

    @Test
    void userNamesShareOneStarredKeyspace() {
        CacheStats s = stats(10);
        Keyspace a = s.keyspace("user:profile:alice:prefs");
        Keyspace b = s.keyspace("user:profile:bob:prefs".getBytes(StandardCharsets.UTF_8));
        Keyspace c = s.keyspace((Object) new StringBuilder("user:profile:carol:prefs"));
        assertSame(a, b);
        assertSame(a, c);
        assertEquals("user:*", a.name());
        assertEquals("user:profile", s.keyspace("user:profile:1").name(), "not the same as the starred keyspace");
        assertEquals(2, s.keyspaceCount());
    }

    @Test
    void sameKeyspaceFromBytesAndChars() {
        CacheStats s = stats(10);
        Keyspace a = s.keyspace("user:profile:1");
        Keyspace b = s.keyspace("user:profile:2".getBytes(StandardCharsets.UTF_8));
        Keyspace c = s.keyspace((Object) new StringBuilder("user:profile:3"));
        assertSame(a, b);
        assertSame(a, c);
        assertEquals("user:profile", a.name());
        assertSame(s.noKeyspace(), s.keyspace("plainkey"));
        assertSame(s.noKeyspace(), s.keyspace((Object) Integer.valueOf(3)));
    }

    @Test
    void aMillionDistinctKeysAndPrefixesLeaveTheTableAtItsCap() {
        CacheStats s = stats(100);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 1_000_000; i++) {
            // Distinct keys, and distinct word-like prefixes (letters only) for every one of them.
            String key = "space" + letters(i) + ":entry:" + i;
            Keyspace k = i % 2 == 0 ? s.keyspace(key) : s.keyspace(key.getBytes(StandardCharsets.UTF_8));
            s.record(CacheStats.JEDIS, "GET", k, 0, 1_000, null);
            s.read(CacheStats.JEDIS, k, i % 3 == 0);
            names.add(k.name());
        }
        assertEquals(100, s.keyspaceCount());
        assertEquals(101, names.size(), "100 keyspaces and _other");
        assertTrue(names.contains(Keyspaces.OTHER));
        CounterFamily requests = registry.counterFamily(CacheStats.CACHE_REQUESTS, 0, "keyspace", "result");
        assertTrue(requests.size() <= (100 + 2) * 2 + 1, "cache request series: " + requests.size());
        assertTrue(s.latency().size() <= 103, "latency series: " + s.latency().size());
        long ops = 0;
        for (Keyspace k : s.keyspaces()) {
            ops += CacheStats.sum(k.operations);
        }
        assertEquals(1_000_000, ops);
    }

    @Test
    void manyCommandsInOneKeyspaceAllCount() {
        CacheStats s = stats(10);
        Keyspace k = s.keyspace("user:profile:1");
        for (int round = 0; round < 3; round++) {
            for (int c = 0; c < 40; c++) {
                s.record(CacheStats.LETTUCE, ("CMD" + c).intern(), k, 0, 1_000, null);
            }
        }
        s.record(CacheStats.LETTUCE, "GET", k, 1, 1_000, null);
        s.record(CacheStats.LETTUCE, "GET", k, 0, 1_000, "WRONGTYPE");
        assertEquals(122, CacheStats.sum(k.operations));
        assertEquals(1, CacheStats.sum(k.errors));
        long[] timed = new long[1];
        s.latency().forEach((labels, timer) -> {
            timer.rotate(System.currentTimeMillis());
            timed[0] += timer.lifetimeCount();
        });
        assertEquals(122, timed[0]);
        assertEquals(41, s.latency().size());
    }

    @Test
    void concurrentFirstUseCreatesOneKeyspace() throws Exception {
        CacheStats s = stats(1000);
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Keyspace[][] seen = new Keyspace[threads][200];
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts[t] = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 200; i++) {
                        seen[id][i] = s.keyspace("ks" + letters(i) + ":x:" + id);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            ts[t].start();
        }
        start.countDown();
        for (Thread t : ts) {
            t.join();
        }
        assertNull(failure.get());
        for (int i = 0; i < 200; i++) {
            for (int t = 1; t < threads; t++) {
                assertSame(seen[0][i], seen[t][i]);
            }
        }
        assertEquals(200, s.keyspaceCount());
        List<Keyspace> all = s.keyspaces();
        assertEquals(202, all.size());
    }

    static String letters(int n) {
        StringBuilder b = new StringBuilder();
        do {
            b.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return b.toString();
    }
}

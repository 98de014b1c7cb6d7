package dev.vitals.agent.metrics;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeriesFamilyTest {
    private static Map<List<String>, Counter> collect(SeriesFamily<Counter> family) {
        Map<List<String>, Counter> all = new HashMap<>();
        family.forEach((values, series) -> all.put(Arrays.asList(values), series));
        return all;
    }

    @Test
    void sameLabelsSameSeries() {
        CounterFamily f = new CounterFamily("requests_total", 100, "method", "route");
        Counter a = f.get("GET", "/a");
        assertSame(a, f.get("GET", "/a"));
        assertSame(a, f.get(new String("GET"), new String("/a"))); // equal, not identical, strings
        assertNotSame(a, f.get("GET", "/b"));
        assertNotSame(a, f.get("POST", "/a"));
        assertEquals(3, f.size());
        assertEquals("requests_total", f.name());
        assertArrayEquals(new String[]{"method", "route"}, f.labelNames());
    }

    @Test
    void everyArityWorks() {
        CounterFamily none = new CounterFamily("c0", 10);
        assertSame(none.get(), none.get());
        CounterFamily one = new CounterFamily("c1", 10, "a");
        assertSame(one.get("x"), one.get("x"));
        CounterFamily three = new CounterFamily("c3", 10, "a", "b", "c");
        assertSame(three.get("x", "y", "z"), three.get("x", "y", "z"));
        CounterFamily four = new CounterFamily("c4", 10, "a", "b", "c", "d");
        Counter c = four.get("w", "x", "y", "z");
        c.add(3);
        assertSame(c, four.get("w", "x", "y", "z"));
        assertNotSame(c, four.get("w", "x", "y", "q"));
        CounterFamily five = new CounterFamily("c5", 10, "a", "b", "c", "d", "e");
        assertSame(five.get("v", "w", "x", "y", "z"), five.get("v", "w", "x", "y", "z"));
        assertNotSame(five.get("v", "w", "x", "y", "z"), five.get("v", "w", "x", "y", "q"));
        assertEquals(List.of("v", "w", "x", "y", "z"), collect(five).keySet().stream()
                .filter(k -> k.get(4).equals("z")).findFirst().orElseThrow());
        Map<List<String>, Counter> all = collect(four);
        assertEquals(3, all.get(List.of("w", "x", "y", "z")).sum());
        assertEquals(1, collect(none).size());
        assertEquals(0, collect(none).keySet().iterator().next().size());
    }

    @Test
    void wrongArityIsAProgrammingError() {
        CounterFamily f = new CounterFamily("c", 10, "a", "b");
        assertThrows(IllegalArgumentException.class, () -> f.get("x"));
        assertThrows(IllegalArgumentException.class, () -> f.get("x", "y", "z"));
        assertThrows(IllegalArgumentException.class, f::get);
    }

    @Test
    void nullAndEmptyValuesBecomeUnknown() {
        CounterFamily f = new CounterFamily("c", 10, "a", "b");
        Counter c = f.get(null, "");
        assertSame(c, f.get(SeriesFamily.UNKNOWN, SeriesFamily.UNKNOWN));
        assertEquals(Set.of(List.of("unknown", "unknown")), collect(f).keySet());
    }

    @Test
    void capSendsNewCombinationsToOneOverflowSeries() {
        CounterFamily f = new CounterFamily("c", 3, "route", "status");
        Counter r1 = f.get("/1", "200");
        f.get("/2", "200");
        f.get("/3", "200");
        Counter over1 = f.get("/4", "200");
        Counter over2 = f.get("/1", "500"); // a new combination even though "/1" exists
        assertSame(over1, over2);
        assertSame(r1, f.get("/1", "200")); // existing series are still found
        assertSame(over1, f.get(SeriesFamily.OTHER, SeriesFamily.OTHER));
        assertEquals(4, f.size());

        over1.increment();
        over2.increment();
        Map<List<String>, Counter> all = collect(f);
        assertEquals(4, all.size());
        assertEquals(2, all.get(List.of("_other", "_other")).sum());
    }

    @Test
    void anAllOtherCombinationIsTheOverflowSeriesEvenBelowTheCap() {
        CounterFamily f = new CounterFamily("c", 10, "a", "b");
        Counter o = f.get("_other", "_other");
        assertEquals(1, f.size());
        assertEquals(Set.of(List.of("_other", "_other")), collect(f).keySet());
        assertNotSame(o, f.get("_other", "x")); // only the all-_other set is reserved
    }

    @Test
    void zeroCapPutsEverythingInOverflow() {
        CounterFamily f = new CounterFamily("c", 0, "a");
        assertSame(f.get("x"), f.get("y"));
        assertEquals(1, f.size());
    }

    @Test
    void aFloodOfDistinctValuesStaysBounded() {
        int max = 100;
        TimerFamily f = new TimerFamily("flood_seconds", max, WindowConfig.DEFAULT, "route", "user");
        for (int i = 0; i < max; i++) {
            f.get("/r" + i, "u");
        }
        Timer overflow = f.get("/new", "u");
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        // Values are built outside the measured region, in chunks, so the measured bytes are the family's alone.
        String[] chunk = new String[10_000];
        long allocatedByFamily = 0;
        for (int round = 0; round < 100; round++) {
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = "/flood/" + round + "/" + i;
            }
            long before = mx.getThreadAllocatedBytes(tid);
            for (String value : chunk) {
                if (f.get(value, value) != overflow) {
                    throw new AssertionError("a flooding value got its own series: " + value);
                }
            }
            allocatedByFamily += mx.getThreadAllocatedBytes(tid) - before;
        }
        assertEquals(max + 1, f.size());
        final int[] visited = {0};
        f.forEach((values, series) -> visited[0]++);
        assertEquals(max + 1, visited[0]);
        // 1,000,000 rejected combinations allocated (and so retained) nothing; the bound leaves room for the
        // measuring calls themselves and JIT deoptimization noise.
        assertTrue(allocatedByFamily < 16 * 1024, "flood allocated " + allocatedByFamily + " bytes");
    }

    @Test
    void concurrentGetsOfTheSameLabelsReturnOneInstance() throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            CounterFamily f = new CounterFamily("c", 1_000, "a", "b");
            int threads = 4;
            CountDownLatch start = new CountDownLatch(1);
            Set<Counter> seen = Collections.newSetFromMap(new ConcurrentHashMap<>());
            List<Thread> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread th = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < 200; i++) {
                        Counter c = f.get("k" + i, "v");
                        c.increment();
                        if (i == 7) {
                            seen.add(c);
                        }
                    }
                });
                th.start();
                all.add(th);
            }
            start.countDown();
            for (Thread th : all) {
                th.join();
            }
            assertEquals(1, seen.size());
            assertEquals(200, f.size());
            Map<List<String>, Counter> series = collect(f);
            for (Counter c : series.values()) {
                assertEquals(threads, c.sum()); // no increment went to a lost duplicate
            }
        }
    }

    @Test
    void concurrentCreationNeverExceedsTheCap() throws Exception {
        int max = 50;
        CounterFamily f = new CounterFamily("c", max, "a");
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int id = t;
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 5_000; i++) {
                    f.get((i % 2 == 0 ? "shared" : "t" + id) + i).increment();
                }
            });
            th.start();
            all.add(th);
        }
        start.countDown();
        for (Thread th : all) {
            th.join();
        }
        assertEquals(max + 1, f.size());
        Map<List<String>, Counter> series = collect(f);
        assertEquals(max + 1, series.size());
        long total = 0;
        for (Counter c : series.values()) {
            total += c.sum();
        }
        assertEquals(threads * 5_000L, total);
        Set<String> names = new HashSet<>();
        series.keySet().forEach(k -> names.add(k.get(0)));
        assertTrue(names.contains(SeriesFamily.OTHER));
    }

    @Test
    void rejectsInvalidNames() {
        assertThrows(IllegalArgumentException.class, () -> new CounterFamily("bad-name", 1));
        assertThrows(IllegalArgumentException.class, () -> new CounterFamily("ok", 1, "a", "a"));
        assertThrows(IllegalArgumentException.class, () -> new CounterFamily("ok", 1, "__reserved"));
        assertThrows(IllegalArgumentException.class, () -> new CounterFamily("ok", 1, "a", "b", "c", "d", "e", "f"));
        assertThrows(IllegalArgumentException.class, () -> new CounterFamily("ok", -1, "a"));
    }
}

package dev.vitals.agent.history;

import dev.vitals.agent.metrics.MetricRegistry;
import dev.vitals.agent.metrics.Timer;
import dev.vitals.agent.metrics.TimerFamily;
import dev.vitals.agent.metrics.WindowConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Measures (prints, never asserts timing) what one rollup costs the application's JVM with 500 routes: wall time
 * and bytes allocated on the scheduler thread, for reading 1,000 timer series (500 routes, two statuses each),
 * encoding and appending the record. Also the cost of a weekly report over that many routes. Asserts only that
 * the work was done.
 */
class RollupCostTest {
    static final long MINUTE = 60_000;

    @Test
    void rollupOf500Routes(@TempDir Path dir) throws IOException {
        MetricRegistry registry = new MetricRegistry(WindowConfig.DEFAULT);
        TimerFamily http = registry.timerFamily(PeriodFigures.HTTP_SERVER, 5_000, "http_request_method", "http_route",
                "http_response_status_code");
        Timer[] timers = new Timer[1000];
        for (int i = 0; i < 1000; i++) {
            timers[i] = http.get("GET", "/api/route" + (i / 2) + "/{id}", i % 2 == 0 ? "200" : "500");
        }
        long[] clock = {HistoryTest.T0};
        HistoryStore store = new HistoryStore(dir, 1L << 30);
        History history = new History(store, new RollupCollector(registry, List::of, new String[0],
                new SystemSampler(new dev.vitals.agent.jvm.ProcessInfo())), MINUTE, 3_600_000, 48 * 3_600_000L,
                90 * 86_400_000L, 5_000, 900_000, () -> clock[0], clock[0], HistoryTest.LIMITS);
        Random random = new Random(1);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        int minutes = 40;
        RollupCollector reader = new RollupCollector(registry, List::of, new String[0], null);
        long[] readNanos = new long[minutes];
        long[] encodeNanos = new long[minutes];
        long[] nanos = new long[minutes];
        long[] bytes = new long[minutes];
        for (int m = 0; m < minutes; m++) {
            for (int s = 0; s < 12; s++) {
                // About 20 requests per route per minute: 10,000 requests a minute over 500 routes.
                for (int i = 0; i < 1000; i++) {
                    int n = i % 2 == 0 ? 2 : (random.nextInt(6) == 0 ? 1 : 0);
                    for (int k = 0; k < n; k++) {
                        timers[i].record((long) (Math.exp(9 + random.nextGaussian()) * 1_000));
                    }
                }
                clock[0] += 5_000;
                registry.rotateAll(clock[0] - 2_700);
            }
            long now = clock[0] + 1_000;
            long a0 = threads.getThreadAllocatedBytes(thread);
            long t0 = System.nanoTime();
            history.rollup(now);
            nanos[m] = System.nanoTime() - t0;
            bytes[m] = threads.getThreadAllocatedBytes(thread) - a0;
            // The same interval again, split into its parts: reading the timers, and encoding the record.
            long r0 = System.nanoTime();
            java.util.Map<SeriesKey, SparseHistogram> read = reader.timers(clock[0] - MINUTE, clock[0], now);
            readNanos[m] = System.nanoTime() - r0;
            long e0 = System.nanoTime();
            new Rollup(clock[0] - MINUTE, clock[0], MINUTE, read, java.util.Map.of(), java.util.Map.of()).encode();
            encodeNanos[m] = System.nanoTime() - e0;
        }
        // The first rollups open the store and warm up the JIT; report the steady state.
        long[] steady = java.util.Arrays.copyOfRange(nanos, 10, minutes);
        long[] steadyBytes = java.util.Arrays.copyOfRange(bytes, 10, minutes);
        java.util.Arrays.sort(steady);
        long[] steadyRead = java.util.Arrays.copyOfRange(readNanos, 10, minutes);
        long[] steadyEncode = java.util.Arrays.copyOfRange(encodeNanos, 10, minutes);
        java.util.Arrays.sort(steadyRead);
        java.util.Arrays.sort(steadyEncode);
        java.util.Arrays.sort(steadyBytes);
        List<SegmentLog.Entry> entries = store.fine.entries(Long.MIN_VALUE, Long.MAX_VALUE);
        assertEquals(minutes, entries.size());
        Rollup last = store.decode(store.fine, entries.get(entries.size() - 1));
        assertTrue(last.timers.size() > 900, "the rollup holds the route series: " + last.timers.size());
        System.out.printf("history rollup, 500 routes (1,000 series, %d with data), %d B on disk per rollup:"
                        + " median %.2f ms, max %.2f ms, median %.2f MB allocated (max %.2f MB)%n",
                last.timers.size(), entries.get(entries.size() - 1).bytesOnDisk(), steady[steady.length / 2] / 1e6,
                steady[steady.length - 1] / 1e6, steadyBytes[steadyBytes.length / 2] / 1e6,
                steadyBytes[steadyBytes.length - 1] / 1e6);
        System.out.printf("  of which reading 1,000 timers: median %.2f ms; encoding the record: median %.2f ms;"
                        + " the rest is the append with its fsync and the dashboard point%n",
                steadyRead[steadyRead.length / 2] / 1e6, steadyEncode[steadyEncode.length / 2] / 1e6);

        long r0 = System.nanoTime();
        long ra = threads.getThreadAllocatedBytes(thread);
        PerformanceReport report = history.report(new ReportRange(ReportRange.Period.HOURLY, HistoryTest.T0,
                HistoryTest.T0 + 3_600_000), clock[0]);
        System.out.printf("hourly report over 40 minute rollups of 500 routes: %.1f ms, %.1f MB allocated%n",
                (System.nanoTime() - r0) / 1e6, (threads.getThreadAllocatedBytes(thread) - ra) / 1e6);
        assertTrue(report.summary.requests.count > 0);
    }
}

package dev.vitals.agent.history;

import dev.vitals.agent.metrics.MetricRegistry;
import dev.vitals.agent.metrics.Timer;
import dev.vitals.agent.metrics.TimerFamily;
import dev.vitals.agent.metrics.CounterFamily;
import dev.vitals.agent.metrics.WindowConfig;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rollups and downsampling driven by a controllable clock: the test records into a real registry, rotates it as
 * the agent scheduler would (every 5 s, at an arbitrary phase) and calls {@link History#rollup} a second after
 * each minute, as scheduled in production.
 */
class HistoryTest {
    static final long MINUTE = 60_000;
    static final long HOUR = 3_600_000;
    /** 2026-01-05T00:00:00Z, a Monday. */
    static final long T0 = 1_767_571_200_000L;

    static final PerformanceReport.Limits LIMITS = new PerformanceReport.Limits(1000, 500, 5, 0);

    /** A registry, a history over it and a clock; {@link #step} advances 5 s. */
    static final class Sim {
        final MetricRegistry registry = new MetricRegistry(WindowConfig.DEFAULT);
        final TimerFamily http = registry.timerFamily(PeriodFigures.HTTP_SERVER, 1000, "http_request_method",
                "http_route", "http_response_status_code");
        final TimerFamily db = registry.timerFamily("db_client_operation_duration_seconds", 100, "db_system_name");
        final CounterFamily cache = registry.counterFamily("vitals_cache_requests", 100, "keyspace", "result");
        final long[] clock = {T0};
        final Path dir;
        History history;
        HistoryStore store;
        /** Values recorded per fine interval start, as attributed by the rotation that moved them. */
        final Map<Long, Long> expected = new HashMap<>();
        final Histogram raw = Timer.newHistogram();
        final Random random = new Random(7);
        long phase = 2_300;

        Sim(Path dir, long maxBytes) throws IOException {
            this.dir = dir;
            open(maxBytes);
        }

        void open(long maxBytes) {
            store = new HistoryStore(dir, maxBytes);
            RollupCollector collector = new RollupCollector(registry, List::of, new String[0], null);
            history = new History(store, collector, MINUTE, HOUR, 48 * HOUR, 90 * 24 * HOUR, 5_000, 900_000,
                    () -> clock[0], clock[0], LIMITS);
        }

        /** Records {@code n} requests, then lets 5 s pass with a rotation and, after a minute boundary, a rollup. */
        void step(int n) throws IOException {
            long rotation = clock[0] + phase;
            for (int i = 0; i < n; i++) {
                long micros = 1_000 + (long) (random.nextDouble() * 200_000);
                String status = i % 10 == 0 ? "500" : "200";
                http.get("GET", "/api/" + (i % 3), status).record(micros * 1_000);
                raw.recordValue(micros);
                db.get("postgresql").record(500_000);
            }
            cache.get("user:profile", "hit").add(n);
            cache.get("user:profile", "miss").add(n / 4);
            registry.rotateAll(rotation);
            expected.merge(Math.floorDiv(rotation, MINUTE) * MINUTE, (long) n, Long::sum);
            long next = clock[0] + 5_000;
            if (Math.floorMod(next, MINUTE) == 0) {
                clock[0] = next + 1_000;
                history.rollup(clock[0]);
                clock[0] = next;
            } else {
                clock[0] = next;
            }
        }

        List<Rollup> fine() {
            return store.read(store.fine, store.fine.entries(Long.MIN_VALUE, Long.MAX_VALUE));
        }

        List<Rollup> coarse() {
            return store.read(store.coarse, store.coarse.entries(Long.MIN_VALUE, Long.MAX_VALUE));
        }
    }

    static long requests(Rollup r) {
        long n = 0;
        for (Map.Entry<SeriesKey, SparseHistogram> e : r.timers.entrySet()) {
            if (e.getKey().family.equals(PeriodFigures.HTTP_SERVER)) {
                n += e.getValue().totalCount();
            }
        }
        return n;
    }

    @Test
    void everyRecordedValueLandsInExactlyOneMinuteRollup(@TempDir Path dir) throws IOException {
        Sim sim = new Sim(dir, 64 << 20);
        for (int i = 0; i < 12 * 30; i++) { // 30 minutes
            sim.phase = 1_000 + (i * 577) % 3_900; // rotations drift within their slice, as a busy scheduler's do
            sim.step(5 + i % 4);
        }
        List<Rollup> fine = sim.fine();
        assertEquals(30, fine.size(), "one rollup per minute");
        for (Rollup r : fine) {
            assertEquals(MINUTE, r.end - r.start);
            assertEquals(sim.expected.getOrDefault(r.start, 0L), requests(r), "minute starting " + r.start);
            assertTrue(r.timers.containsKey(new SeriesKey("db_client_operation_duration_seconds",
                    new String[] {"db_system_name"}, new String[] {"postgresql"})), "every timer family is kept");
        }
        assertTrue(fine.stream().anyMatch(r -> r.counters.containsKey(new SeriesKey("vitals_cache_requests",
                new String[] {"keyspace", "result"}, new String[] {"user:profile", "hit"}))), "counter increases are kept");
    }

    @Test
    void completedHoursAreDownsampledAndRestartKeepsEverything(@TempDir Path dir) throws IOException {
        Sim sim = new Sim(dir, 64 << 20);
        for (int i = 0; i < 12 * 150; i++) { // 2.5 hours
            sim.step(3);
        }
        List<Rollup> coarse = sim.coarse();
        assertEquals(2, coarse.size(), "hours 0 and 1 are complete");
        for (Rollup c : coarse) {
            long fineSum = sim.fine().stream().filter(f -> f.start >= c.start && f.start < c.end)
                    .mapToLong(HistoryTest::requests).sum();
            assertEquals(fineSum, requests(c));
            assertEquals(HOUR, c.end - c.start);
        }
        // A graceful stop writes the interval in progress; a new "process" on the same directory sees it all.
        long recorded = sim.raw.getTotalCount();
        sim.history.flush(sim.clock[0]);
        sim.open(64 << 20);
        PerformanceReport report = sim.history.report(new ReportRange(ReportRange.Period.DAILY, T0, T0 + 24 * HOUR),
                sim.clock[0]);
        assertEquals(recorded, report.summary.requests.count, "coarse hours plus fine minutes, none counted twice");
        assertEquals("mixed", report.resolution);
        Histogram expected = sim.raw;
        assertEquals(expected.getValueAtPercentile(95) / 1000.0, report.summary.requests.p95);
        assertEquals(expected.getValueAtPercentile(99) / 1000.0, report.summary.requests.p99);
        // The dashboard points of the last hour are rebuilt from disk after the restart.
        sim.history.rollup(sim.clock[0] + 1_000);
        assertEquals(60, sim.history.points(sim.clock[0] + 1_000).size(), "the last hour: sixty minutes");
    }

    @Test
    void killNineLosesAtMostTheIntervalInProgress(@TempDir Path dir) throws IOException {
        Sim sim = new Sim(dir, 64 << 20);
        for (int i = 0; i < 12 * 10 + 6; i++) {
            sim.step(4);
        }
        long inProgress = sim.expected.getOrDefault(Math.floorDiv(sim.clock[0] - 1, MINUTE) * MINUTE, 0L);
        sim.store.close(); // no flush: the process died
        sim.open(64 << 20);
        PerformanceReport report = sim.history.report(new ReportRange(ReportRange.Period.HOURLY, T0, T0 + HOUR),
                sim.clock[0]);
        assertEquals(sim.raw.getTotalCount() - inProgress, report.summary.requests.count);
    }

    @Test
    void fineRollupsExpireAfterTheirRetention(@TempDir Path dir) throws IOException {
        Sim sim = new Sim(dir, 64 << 20);
        sim.store = new HistoryStore(dir, 64 << 20, 2 * HOUR, 90 * 24 * HOUR);
        RollupCollector collector = new RollupCollector(sim.registry, List::of, new String[0], null);
        sim.history = new History(sim.store, collector, MINUTE, HOUR, 2 * HOUR, 90 * 24 * HOUR, 5_000, 900_000,
                () -> sim.clock[0], sim.clock[0], LIMITS);
        for (int i = 0; i < 12 * 60 * 5; i++) { // 5 hours, idle: only the minute records
            sim.step(i % 12 == 0 ? 1 : 0);
        }
        List<Rollup> fine = sim.fine();
        assertFalse(fine.isEmpty());
        long oldest = fine.get(0).start;
        assertTrue(oldest >= sim.clock[0] - 2 * HOUR - 20 * MINUTE, "fine rollups older than 2 h are pruned (by segment)");
        assertEquals(5, sim.coarse().size(), "coarse rollups stay: hours 0 to 4 are complete");
    }

    @Test
    void diskBudgetIsNeverExceededAndOldestGoesFirst(@TempDir Path dir) throws IOException {
        long budget = 48 << 10;
        Sim sim = new Sim(dir, budget);
        for (int i = 0; i < 12 * 60 * 3; i++) {
            sim.step(20);
            assertTrue(sizeOnDisk(dir) <= budget, "within budget after step " + i);
        }
        assertTrue(sim.store.prunedSegments() > 0, "the budget forced pruning");
        List<Rollup> fine = sim.fine();
        assertEquals(Math.floorDiv(sim.clock[0], MINUTE) * MINUTE - MINUTE, fine.get(fine.size() - 1).start,
                "the newest minute is kept");
        for (int i = 1; i < fine.size(); i++) {
            assertEquals(fine.get(i - 1).start + MINUTE, fine.get(i).start, "what is left is contiguous: oldest went");
        }
    }

    @Test
    void aSecondWriterOnTheSameDirectoryKeepsNoHistory(@TempDir Path dir) throws IOException {
        HistoryStore first = new HistoryStore(dir, 1 << 20);
        assertTrue(first.open());
        HistoryStore second = new HistoryStore(dir, 1 << 20);
        assertFalse(second.open(), "the directory is locked by the first");
        first.close();
        assertTrue(second.open(), "and free once the first is gone");
        second.close();
    }

    static long sizeOnDisk(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}

package dev.vitals.agent.history;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.AgentContext;
import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.log.Log;
import dev.vitals.agent.web.EndpointGroup;
import dev.vitals.agent.metrics.MetricRegistry;
import dev.vitals.agent.metrics.Timer;
import dev.vitals.exporter.Access;
import dev.vitals.exporter.HttpExporter;
import dev.vitals.exporter.Request;
import dev.vitals.exporter.Response;
import dev.vitals.exporter.prometheus.MetricsSink;
import dev.vitals.exporter.prometheus.MetricsSource;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * History on disk and the reports built on it.
 *
 * <p><b>Rollups.</b> Every {@code history.interval} (default one minute), on the agent scheduler (the thread that
 * rotates timer windows, never a request thread), one fine rollup of the interval just ended is appended to
 * {@code <data.dir>/history/fine}: the histograms of every timer series in the registry, counter increases,
 * configured source gauges and system figures (see {@link RollupCollector}). When a coarse interval (default one
 * hour) has ended, its fine rollups are merged into one coarse rollup in {@code history/coarse}. Fine rollups are
 * kept {@code history.fine.retention} (48 h), coarse ones {@code history.coarse.retention} (90 days), all within
 * {@code history.max.bytes}, oldest first. A graceful shutdown writes the interval in progress; a
 * {@code kill -9} loses at most that interval.
 *
 * <p><b>Reports.</b> {@code GET /reports/performance} reads coarse rollups where they cover whole hours of the
 * range and fine rollups for the rest, so recent minutes and old weeks both count exactly once.
 *
 * <p><b>Dashboard.</b> The last hour of fine rollups is kept in memory as points, rebuilt from disk after a
 * restart, for {@code GET /health/dashboard}'s {@code history} field.
 *
 * <p>Thread-safety: rollups and downsampling serialize on this object; reports read the store concurrently.
 */
public final class History implements EndpointGroup, MetricsSource {
    static final long DASHBOARD_SPAN = 3_600_000L;

    private final HistoryStore store;
    private final RollupCollector collector;
    private final long interval;
    private final long coarseInterval;
    private final long fineRetention;
    private final long coarseRetention;
    private final long sliceMillis;
    private final long spanMillis;
    private final LongSupplier clock;
    private final long dataSince;
    private final PerformanceReport.Limits limits;
    private volatile AlertHistory alertHistory;
    private AgentContext context;

    // ---- guarded by this ----
    private boolean opened;
    private boolean disabled;
    private boolean closed;
    private long nextStart = Long.MIN_VALUE;
    private long coarseNext = Long.MIN_VALUE;
    private final Deque<Point> points = new ArrayDeque<>();
    private final Histogram scratch = Timer.newHistogram();

    // ---- own metrics ----
    private volatile long rollups;
    private volatile long failures;
    private volatile long lastRollupNanos;

    History(HistoryStore store, RollupCollector collector, long interval, long coarseInterval, long fineRetention,
            long coarseRetention, long sliceMillis, long spanMillis, LongSupplier clock, long dataSince,
            PerformanceReport.Limits limits) {
        this.store = store;
        this.collector = collector;
        this.interval = interval;
        this.coarseInterval = coarseInterval;
        this.fineRetention = fineRetention;
        this.coarseRetention = coarseRetention;
        this.sliceMillis = sliceMillis;
        this.spanMillis = spanMillis;
        this.clock = clock;
        this.dataSince = dataSince;
        this.limits = limits;
    }

    /**
     * Starts history for an agent: registers the endpoints and metrics, schedules rollups on the agent scheduler
     * and adds a shutdown hook for the interval in progress. Must be called before the listener starts. Never
     * throws: a failure leaves the agent running without history.
     */
    public static void start(AgentContext context) {
        try {
            Config config = context.config();
            if (!config.get(Keys.HISTORY_ENABLED)) {
                Log.info("history is off (history.enabled=false)");
                return;
            }
            MetricRegistry registry = context.registry();
            long slice = registry.windowConfig().sliceMillis();
            long interval = config.get(Keys.HISTORY_INTERVAL);
            long coarse = config.get(Keys.HISTORY_COARSE_INTERVAL);
            if (interval % slice != 0 || coarse % interval != 0) {
                Log.warn("history.interval " + interval + "ms must be a multiple of " + slice + "ms and divide "
                        + "history.coarse.interval " + coarse + "ms; using 1m and 1h");
                interval = 60_000L;
                coarse = 3_600_000L;
            }
            Path dir = Paths.get(config.get(Keys.DATA_DIR)).resolve("history");
            String gauges = config.get(Keys.HISTORY_GAUGES).trim();
            String[] prefixes = gauges.isEmpty() ? new String[0] : Arrays.stream(gauges.split(","))
                    .map(String::trim).filter(p -> !p.isEmpty()).toArray(String[]::new);
            RollupCollector collector = new RollupCollector(registry, context::metricsSources, prefixes,
                    new SystemSampler(context.process()));
            PerformanceReport.Limits limits = new PerformanceReport.Limits(config.get(Keys.BUDGET_P95),
                    config.get(Keys.BUDGET_AVERAGE), config.get(Keys.BUDGET_ERROR_RATE),
                    config.get(Keys.HISTORY_CAPACITY_REQUESTS));
            long fineRetention = config.get(Keys.HISTORY_FINE_RETENTION);
            long coarseRetention = config.get(Keys.HISTORY_COARSE_RETENTION);
            HistoryStore store = new HistoryStore(dir, config.get(Keys.HISTORY_MAX_BYTES), fineRetention, coarseRetention);
            History history = new History(store, collector, interval, coarse, fineRetention, coarseRetention,
                    slice, registry.windowConfig().spanMillis(), System::currentTimeMillis,
                    context.process().startTimeMillis(), limits);
            history.context = context;
            context.provide(History.class, history);
            context.addEndpoints(history);
            context.addMetricsSource(history);
            ScheduledExecutorService scheduler = context.scheduler();
            long now = System.currentTimeMillis();
            // A second after each boundary: the rotation of the slice before it has run by then.
            long delay = interval - Math.floorMod(now, interval) + 1_000;
            scheduler.scheduleAtFixedRate(history::runScheduled, delay, interval, TimeUnit.MILLISECONDS);
            scheduler.execute(history::runScheduled);
            Thread hook = new Thread(() -> history.flushOnShutdown(scheduler), "vitals-history-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (Throwable t) {
            Log.warn("history could not start; the agent runs without it", t);
        }
    }

    /** The history of an agent, if it runs one. */
    public static History find(AgentContext context) {
        return context.service(History.class);
    }

    /** Sets the alert engine's history, listed by reports (see {@link AlertHistory}). */
    public void setAlertHistory(AlertHistory alertHistory) {
        this.alertHistory = alertHistory;
    }

    private AlertHistory alertHistory() {
        AlertHistory a = alertHistory;
        if (a == null && context != null) {
            return context.service(AlertHistory.class);
        }
        return a;
    }

    // ---- rollups ----

    private void runScheduled() {
        long t0 = System.nanoTime();
        try {
            rollup(clock.getAsLong());
        } catch (Throwable t) {
            failures++;
            Log.warnRateLimited("history-rollup", "history: rollup failed", t);
        }
        lastRollupNanos = System.nanoTime() - t0;
    }

    /** Opens the store on first use: indexes segments, cuts torn tails, rebuilds the dashboard points. */
    private boolean ensureOpen(long now) {
        if (opened) {
            return !disabled;
        }
        opened = true;
        try {
            if (!store.open()) {
                disabled = true;
                Log.warn("history: " + store.dir() + " is in use by another process; this one keeps no history");
                return false;
            }
        } catch (IOException e) {
            disabled = true;
            Log.warn("history: cannot open " + store.dir() + "; this process keeps no history", e);
            return false;
        }
        long oldestReadable = (Math.floorDiv(now, sliceMillis) + 1) * sliceMillis - spanMillis;
        long first = Math.max(dataSince, oldestReadable);
        nextStart = Math.floorDiv(first, interval) * interval;
        long coarseEnd = store.coarse.lastEnd();
        coarseNext = coarseEnd != Long.MIN_VALUE ? coarseEnd : Long.MIN_VALUE;
        for (SegmentLog.Entry e : store.fine.entries(now - DASHBOARD_SPAN, Long.MAX_VALUE)) {
            Rollup r = store.decode(store.fine, e);
            if (r != null) {
                addPoint(r);
            }
        }
        Log.info("history: " + store.dir() + " (" + store.totalBytes() / 1024 + " KB of " + store.maxBytes() / 1024
                + " KB), a rollup every " + interval / 1000 + " s");
        return true;
    }

    /**
     * Writes a fine rollup for every whole interval ended by {@code now} and not yet written, then downsamples
     * and prunes. Called on the scheduler thread (the same thread that rotates the timers).
     */
    synchronized void rollup(long now) throws IOException {
        if (closed || !ensureOpen(now)) {
            return;
        }
        long boundary = Math.floorDiv(now, interval) * interval;
        long oldestReadable = (Math.floorDiv(now, sliceMillis) + 1) * sliceMillis - spanMillis;
        if (nextStart < oldestReadable) {
            // Fell behind by more than the timers keep (a suspended process): skip what can no longer be read.
            nextStart = Math.floorDiv(oldestReadable + interval - 1, interval) * interval;
        }
        while (nextStart + interval <= boundary) {
            boolean last = nextStart + 2 * interval > boundary;
            writeFine(nextStart, nextStart + interval, now, last, nextStart + interval);
            nextStart += interval;
        }
        downsample();
        store.applyRetention(now, fineRetention, coarseRetention);
        rollups++;
    }

    private void writeFine(long start, long end, long now, boolean withSamples, long timersUntil) throws IOException {
        Map<SeriesKey, SparseHistogram> timers = collector.timers(start, timersUntil, now);
        Map<SeriesKey, Long> counters = new HashMap<>();
        Map<SeriesKey, GaugeStats> gauges = new HashMap<>();
        if (withSamples) {
            counters = collector.counters();
            gauges = collector.gaugesAndSourceCounters(counters);
        }
        long covered = Math.max(0, Math.min(end, now) - Math.max(start, dataSince));
        Rollup r = new Rollup(start, end, covered, timers, counters, gauges);
        store.append(store.fine, r);
        addPoint(r);
    }

    /** Merges the fine rollups of every ended coarse interval that has none yet; at most two per call. */
    private void downsample() throws IOException {
        long complete = Math.floorDiv(nextStart, coarseInterval) * coarseInterval;
        int written = 0;
        while (written < 2) {
            List<SegmentLog.Entry> pending = store.fine.entries(coarseNext == Long.MIN_VALUE ? Long.MIN_VALUE : coarseNext,
                    complete);
            SegmentLog.Entry first = null;
            for (SegmentLog.Entry e : pending) {
                if (coarseNext == Long.MIN_VALUE || e.start >= coarseNext) {
                    first = e;
                    break;
                }
            }
            if (first == null) {
                if (complete > coarseNext) {
                    coarseNext = complete;
                }
                return;
            }
            long hour = Math.floorDiv(first.start, coarseInterval) * coarseInterval;
            if (hour + coarseInterval > complete) {
                return;
            }
            List<SegmentLog.Entry> inHour = new ArrayList<>();
            for (SegmentLog.Entry e : store.fine.entries(hour, hour + coarseInterval)) {
                if (e.start >= hour && e.start < hour + coarseInterval) {
                    inHour.add(e);
                }
            }
            List<Rollup> parts = store.read(store.fine, inHour);
            if (!parts.isEmpty()) {
                store.append(store.coarse, Rollup.merge(hour, hour + coarseInterval, parts));
            }
            coarseNext = hour + coarseInterval;
            written++;
        }
    }

    /** On a graceful exit: rotate and write the interval in progress, on the scheduler, waiting at most 3 s. */
    private void flushOnShutdown(ScheduledExecutorService scheduler) {
        try {
            Future<?> f = scheduler.submit(() -> {
                try {
                    flush(clock.getAsLong());
                } catch (Throwable t) {
                    Log.warn("history: writing the last interval at shutdown failed", t);
                }
            });
            f.get(3, TimeUnit.SECONDS);
        } catch (Throwable t) {
            // The scheduler is gone or too slow: the interval in progress is lost, as after kill -9.
        }
    }

    /** Writes the interval in progress (everything recorded up to now) and stops further rollups. */
    synchronized void flush(long now) throws IOException {
        if (closed || !ensureOpen(now)) {
            return;
        }
        if (context != null) {
            context.registry().rotateAll(now);
        }
        rollup(now);
        if (nextStart < now) {
            // timersUntil beyond the newest slice: no subtraction, every rotated value since nextStart is taken.
            writeFine(nextStart, nextStart + interval, now, true, (Math.floorDiv(now, sliceMillis) + 1) * sliceMillis);
        }
        closed = true;
        store.close();
    }

    // ---- reading ----

    /**
     * The rollups for {@code [from, to)}, each moment counted once: coarse rollups lying wholly in the range, fine
     * rollups elsewhere, and coarse rollups at the edges only where no fine rollup remains.
     */
    List<Rollup> select(long from, long to, String[] resolution) {
        if (!isOpen()) {
            return new ArrayList<>();
        }
        List<SegmentLog.Entry> coarse = store.coarse.entries(from, to);
        List<SegmentLog.Entry> fine = store.fine.entries(from, to);
        List<SegmentLog.Entry> usedCoarse = new ArrayList<>();
        for (SegmentLog.Entry c : coarse) {
            if (c.start >= from && c.end <= to) {
                usedCoarse.add(c);
            }
        }
        List<SegmentLog.Entry> usedFine = new ArrayList<>();
        for (SegmentLog.Entry f : fine) {
            if (f.start >= from && f.start < to && !inside(f.start, usedCoarse)) {
                usedFine.add(f);
            }
        }
        for (SegmentLog.Entry c : coarse) {
            // An hour that straddles the range's edge belongs to the range it starts in, so adjacent ranges
            // never both count it.
            if (!usedCoarse.contains(c) && c.start >= from && c.start < to) {
                boolean fineThere = false;
                for (SegmentLog.Entry f : fine) {
                    if (f.start >= c.start && f.start < c.end) {
                        fineThere = true;
                        break;
                    }
                }
                if (!fineThere) {
                    usedCoarse.add(c);
                }
            }
        }
        resolution[0] = usedCoarse.isEmpty() ? "fine" : usedFine.isEmpty() ? "coarse" : "mixed";
        List<Rollup> out = store.read(store.coarse, usedCoarse);
        out.addAll(store.read(store.fine, usedFine));
        out.sort((a, b) -> Long.compare(a.start, b.start));
        return out;
    }

    private static boolean inside(long t, List<SegmentLog.Entry> ranges) {
        for (SegmentLog.Entry r : ranges) {
            if (t >= r.start && t < r.end) {
                return true;
            }
        }
        return false;
    }

    private synchronized boolean isOpen() {
        return ensureOpen(clock.getAsLong());
    }

    /**
     * Builds a report. The previous period and every breakdown bucket are selected separately, so a coarse hour
     * that straddles a boundary is never counted on both sides of it.
     */
    PerformanceReport report(ReportRange range, long now) {
        String[] resolution = {"fine"};
        List<Rollup> rollups = select(range.from - range.length(), range.from, resolution);
        boolean fine = false;
        boolean coarse = false;
        for (long b = range.from; b < range.to; b += range.period.millis) {
            rollups.addAll(select(b, Math.min(range.to, b + range.period.millis), resolution));
            fine |= !resolution[0].equals("coarse");
            coarse |= !resolution[0].equals("fine");
        }
        String used = fine && coarse ? "mixed" : coarse ? "coarse" : "fine";
        return new PerformanceReport(range, now, rollups, limits, alertHistory(), used);
    }

    // ---- endpoints ----

    @Override
    public void register(HttpExporter.Builder http) {
        http.route("GET", "/reports/performance", Access.PROTECTED, this::performance);
    }

    private Response performance(Request request) {
        long now = clock.getAsLong();
        ReportRange range = ReportRange.parse(request.query("period"), request.query("startDate"),
                request.query("endDate"), now);
        PerformanceReport report = report(range, now);
        return Response.json(report::write);
    }

    // ---- dashboard ----

    /** One fine rollup as the dashboard shows it. Immutable. */
    static final class Point {
        final long start;
        final long end;
        final long requests;
        final long errors;
        final double avgMillis;
        final double p95Millis;
        final double heapUsedMb;
        final double cpuPercent;
        final double requestsPerMinute;

        Point(long start, long end, long requests, long errors, double avgMillis, double p95Millis, double heapUsedMb,
              double cpuPercent, double requestsPerMinute) {
            this.start = start;
            this.end = end;
            this.requests = requests;
            this.errors = errors;
            this.avgMillis = avgMillis;
            this.p95Millis = p95Millis;
            this.heapUsedMb = heapUsedMb;
            this.cpuPercent = cpuPercent;
            this.requestsPerMinute = requestsPerMinute;
        }
    }

    private void addPoint(Rollup r) {
        scratch.reset();
        long errors = 0;
        for (Map.Entry<SeriesKey, SparseHistogram> e : r.timers.entrySet()) {
            if (e.getKey().family.equals(PeriodFigures.HTTP_SERVER)) {
                e.getValue().addTo(scratch);
                if (PeriodFigures.isError(e.getKey().label(PeriodFigures.STATUS))) {
                    errors += e.getValue().totalCount();
                }
            }
        }
        long n = scratch.getTotalCount();
        GaugeStats heap = r.system(SystemSampler.HEAP_USED);
        GaugeStats cpu = r.system(SystemSampler.CPU_PERCENT);
        Point p = new Point(r.start, r.end, n, errors, n == 0 ? 0 : scratch.getMean() / 1000.0,
                n == 0 ? 0 : scratch.getValueAtPercentile(95) / 1000.0,
                heap == null ? Double.NaN : heap.mean() / (1024.0 * 1024.0), cpu == null ? Double.NaN : cpu.mean(),
                r.coveredMillis == 0 ? 0 : n * 60_000.0 / r.coveredMillis);
        synchronized (points) {
            points.addLast(p);
            while (!points.isEmpty() && points.peekFirst().end <= r.end - DASHBOARD_SPAN) {
                points.removeFirst();
            }
        }
    }

    List<Point> points(long now) {
        List<Point> out = new ArrayList<>();
        synchronized (points) {
            for (Point p : points) {
                if (p.end > now - DASHBOARD_SPAN) {
                    out.add(p);
                }
            }
        }
        out.sort((a, b) -> Long.compare(a.start, b.start));
        return out;
    }

    /**
     * Writes the dashboard's {@code history} field: the last hour of fine rollups (per interval: requests, average
     * and p95 in ms, error rate in percent, requests per minute, heap used in MB and CPU in percent). Writes
     * {@code "history": null} when history is off.
     */
    public static void writeDashboardField(AgentContext context, JsonGenerator g) throws IOException {
        History h = find(context);
        if (h == null) {
            g.writeNullField("history");
            return;
        }
        long now = h.clock.getAsLong();
        g.writeObjectFieldStart("history");
        g.writeNumberField("resolution", h.interval);
        g.writeNumberField("timeWindow", DASHBOARD_SPAN);
        g.writeArrayFieldStart("points");
        for (Point p : h.points(now)) {
            g.writeStartObject();
            g.writeStringField("time", Instant.ofEpochMilli(p.start).toString());
            g.writeNumberField("requests", p.requests);
            g.writeNumberField("avgResponseTime", PerformanceReport.round(p.avgMillis));
            g.writeNumberField("p95", PerformanceReport.round(p.p95Millis));
            g.writeNumberField("errorRate", p.requests == 0 ? 0 : PerformanceReport.round(p.errors * 100.0 / p.requests));
            g.writeNumberField("requestsPerMinute", PerformanceReport.round(p.requestsPerMinute));
            if (!Double.isNaN(p.heapUsedMb)) {
                g.writeNumberField("memoryUsage", PerformanceReport.round(p.heapUsedMb));
            }
            if (!Double.isNaN(p.cpuPercent)) {
                g.writeNumberField("cpuUsage", PerformanceReport.round(p.cpuPercent));
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    // ---- own metrics ----

    private static final String[] NO_LABELS = {};

    @Override
    public void collect(MetricsSink sink) {
        sink.gauge("vitals_history_disk_usage_bytes", "Bytes of history segments on disk.", "bytes", NO_LABELS,
                NO_LABELS, store.totalBytes());
        sink.gauge("vitals_history_disk_limit_bytes", "The history disk budget (history.max.bytes).", "bytes",
                NO_LABELS, NO_LABELS, store.maxBytes());
        sink.counter("vitals_history_rollups", "History rollup runs.", "", NO_LABELS, NO_LABELS, rollups);
        sink.counter("vitals_history_rollup_failures", "History rollup runs that failed.", "", NO_LABELS, NO_LABELS,
                failures);
        sink.counter("vitals_history_pruned_segments", "History segments deleted to stay within the disk budget.", "",
                NO_LABELS, NO_LABELS, store.prunedSegments());
        sink.gauge("vitals_history_last_rollup_duration_seconds", "How long the last history rollup run took.",
                "seconds", NO_LABELS, NO_LABELS, lastRollupNanos / 1e9);
    }
}

package dev.vitals.agent.history;

import dev.vitals.agent.web.RouteView;
import dev.vitals.agent.metrics.Timer;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of one period, accumulated from its rollups: histograms merged bucket by bucket (so percentiles are
 * exact over the period), counters summed, gauges combined, and per-rollup points of the resources whose growth
 * the capacity hints project.
 *
 * <p>Family names are matched generically: the HTTP server timer family ({@value #HTTP_SERVER}), any counter
 * family named {@code vitals_cache_requests*} with a {@code result} label of {@code hit}/{@code miss}, the pool
 * wait timer family ({@value #POOL_WAIT}) and pool usage gauges ({@code db_client_connection_count} or
 * {@code db_client_connections_usage} with {@code state="used"}, against {@code db_client_connection_max}).
 * A family that is absent simply leaves its figures out.
 *
 * <p>Not thread-safe: built and read by one report.
 */
final class PeriodFigures {
    static final String HTTP_SERVER = "http_server_request_duration_seconds";
    static final String POOL_WAIT = "db_client_connection_wait_time_seconds";
    static final String STATUS = "http_response_status_code";
    /** Families of values posted to {@code /metrics/custom}. */
    static final String CUSTOM = "vitals_custom_";

    final long from;
    final long to;
    long coveredMillis;
    int records;
    long firstRecord = Long.MAX_VALUE;
    long lastRecord = Long.MIN_VALUE;
    /** Each series' rollup histograms, summed only when summarized (see {@link SparseHistogram#sum}). */
    final Map<SeriesKey, List<SparseHistogram>> timers = new HashMap<>();
    final Map<SeriesKey, Long> counters = new HashMap<>();
    final Map<SeriesKey, GaugeStats> gauges = new HashMap<>();
    /** Per-rollup points (time, value) of gauges that capacity hints use, keyed by series. */
    final Map<SeriesKey, List<double[]>> points = new HashMap<>();
    /** Per-rollup request rates (time, requests per minute). */
    final List<double[]> requestRate = new ArrayList<>();

    PeriodFigures(long from, long to) {
        this.from = from;
        this.to = to;
    }

    void add(Rollup r) {
        records++;
        coveredMillis += r.coveredMillis;
        firstRecord = Math.min(firstRecord, r.start);
        lastRecord = Math.max(lastRecord, r.end);
        long requests = 0;
        for (Map.Entry<SeriesKey, SparseHistogram> e : r.timers.entrySet()) {
            timers.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
            if (e.getKey().family.equals(HTTP_SERVER)) {
                requests += e.getValue().totalCount();
            }
        }
        r.counters.forEach((k, v) -> counters.merge(k, v, Long::sum));
        double mid = (r.start + r.end) / 2.0;
        for (Map.Entry<SeriesKey, GaugeStats> e : r.gauges.entrySet()) {
            gauges.merge(e.getKey(), e.getValue(), GaugeStats::merge);
            if (tracked(e.getKey())) {
                points.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new double[] {mid, e.getValue().mean()});
            }
        }
        if (r.coveredMillis > 0) {
            requestRate.add(new double[] {mid, requests * 60_000.0 / r.coveredMillis});
        }
    }

    private static boolean tracked(SeriesKey k) {
        return k.family.equals(Rollup.SYSTEM) || isPoolUsed(k) || k.family.equals("db_client_connection_max");
    }

    static boolean isPoolUsed(SeriesKey k) {
        return (k.family.equals("db_client_connection_count") || k.family.equals("db_client_connections_usage"))
                && "used".equals(k.label("state"));
    }

    boolean hasData() {
        return records > 0;
    }

    // ---- derived figures ----

    /** Latency figures of a merged histogram, in milliseconds. */
    static final class Latency {
        final long count;
        final double mean;
        final double p50;
        final double p95;
        final double p99;
        final double max;

        Latency(List<SparseHistogram> parts, Histogram scratch) {
            scratch.reset();
            for (SparseHistogram h : parts) {
                h.addTo(scratch);
            }
            count = scratch.getTotalCount();
            boolean empty = count == 0;
            mean = empty ? 0 : scratch.getMean() / 1_000.0;
            p50 = empty ? 0 : scratch.getValueAtPercentile(50) / 1_000.0;
            p95 = empty ? 0 : scratch.getValueAtPercentile(95) / 1_000.0;
            p99 = empty ? 0 : scratch.getValueAtPercentile(99) / 1_000.0;
            max = empty ? 0 : scratch.getMaxValue() / 1_000.0;
        }
    }

    /** One route's figures. */
    static final class Route {
        final String method;
        final String path;
        final Latency latency;
        final long errors;

        Route(String method, String path, Latency latency, long errors) {
            this.method = method;
            this.path = path;
            this.latency = latency;
            this.errors = errors;
        }

        String name() {
            return method + " " + path;
        }

        /** The route as a report shows it. */
        RouteView view() {
            return RouteView.ofPeriod(method, path, latency.count, latency.mean, latency.p95, latency.p99, errors);
        }
    }

    /** Everything a report prints, computed once. */
    static final class Summary {
        Latency requests;
        long errors;
        double errorRate;
        double throughputPerMinute;
        /** Percent of max heap, or NaN without samples. */
        double memoryUsage = Double.NaN;
        double memoryAvgMb = Double.NaN;
        double memoryPeakMb = Double.NaN;
        double cpuUsage = Double.NaN;
        double cacheHitRate = Double.NaN;
        long cacheLookups;
        final Map<String, double[]> cacheByKeyspace = new TreeMap<>();
        Latency poolWait;
        final Map<String, Latency> poolWaitByPool = new TreeMap<>();
        long poolTimeouts;
        final List<Route> routes = new ArrayList<>();
        /** Other timer families (database, Redis, HTTP clients, GC...): merged latency per family. */
        final Map<String, Latency> families = new LinkedHashMap<>();
        /** Custom metrics per exposed family: histograms (in their posted unit, durations in ms), counters, gauges. */
        final Map<String, Latency> customHistograms = new TreeMap<>();
        final Map<String, Long> customCounters = new TreeMap<>();
        final Map<String, GaugeStats> customGauges = new TreeMap<>();
    }

    Summary summarize(Histogram scratch) {
        Summary s = new Summary();
        List<SparseHistogram> all = new ArrayList<>();
        List<SparseHistogram> pool = new ArrayList<>();
        Map<String, List<SparseHistogram>> routes = new TreeMap<>();
        Map<String, Long> routeErrors = new HashMap<>();
        Map<String, List<SparseHistogram>> pools = new TreeMap<>();
        Map<String, List<SparseHistogram>> families = new TreeMap<>();
        Map<String, List<SparseHistogram>> custom = new TreeMap<>();
        for (Map.Entry<SeriesKey, List<SparseHistogram>> e : timers.entrySet()) {
            SeriesKey k = e.getKey();
            List<SparseHistogram> parts = e.getValue();
            long count = 0;
            for (SparseHistogram h : parts) {
                count += h.totalCount();
            }
            if (k.family.equals(HTTP_SERVER)) {
                all.addAll(parts);
                String route = nullToUnknown(k.label("http_request_method")) + " " + nullToUnknown(k.label("http_route"));
                routes.computeIfAbsent(route, x -> new ArrayList<>()).addAll(parts);
                if (isError(k.label(STATUS))) {
                    s.errors += count;
                    routeErrors.merge(route, count, Long::sum);
                }
            } else if (k.family.startsWith(CUSTOM)) {
                custom.computeIfAbsent(k.family, x -> new ArrayList<>()).addAll(parts);
            } else {
                families.computeIfAbsent(k.family, x -> new ArrayList<>()).addAll(parts);
                if (k.family.equals(POOL_WAIT)) {
                    pool.addAll(parts);
                    String name = k.label("pool_name");
                    pools.computeIfAbsent(name == null ? "default" : name, x -> new ArrayList<>()).addAll(parts);
                }
            }
        }
        s.requests = new Latency(all, scratch);
        s.errorRate = s.requests.count == 0 ? 0 : s.errors * 100.0 / s.requests.count;
        s.throughputPerMinute = coveredMillis == 0 ? 0 : s.requests.count * 60_000.0 / coveredMillis;
        for (Map.Entry<String, List<SparseHistogram>> e : routes.entrySet()) {
            int space = e.getKey().indexOf(' ');
            s.routes.add(new Route(e.getKey().substring(0, space), e.getKey().substring(space + 1),
                    new Latency(e.getValue(), scratch), routeErrors.getOrDefault(e.getKey(), 0L)));
        }
        s.routes.sort((a, b) -> Long.compare(b.latency.count, a.latency.count));
        if (!pool.isEmpty()) {
            s.poolWait = new Latency(pool, scratch);
            pools.forEach((name, h) -> s.poolWaitByPool.put(name, new Latency(h, scratch)));
        }
        families.forEach((name, h) -> s.families.put(name, new Latency(h, scratch)));
        custom.forEach((name, h) -> s.customHistograms.put(name, new Latency(h, scratch)));
        for (Map.Entry<SeriesKey, GaugeStats> e : gauges.entrySet()) {
            if (e.getKey().family.startsWith(CUSTOM)) {
                s.customGauges.merge(e.getKey().family, e.getValue(), GaugeStats::merge);
            }
        }

        GaugeStats used = gauges.get(SystemSampler.key(SystemSampler.HEAP_USED));
        GaugeStats max = gauges.get(SystemSampler.key(SystemSampler.HEAP_MAX));
        if (max == null) {
            max = gauges.get(SystemSampler.key(SystemSampler.HEAP_COMMITTED));
        }
        if (used != null) {
            s.memoryAvgMb = used.mean() / (1024.0 * 1024.0);
            s.memoryPeakMb = used.max / (1024.0 * 1024.0);
            if (max != null && max.mean() > 0) {
                s.memoryUsage = used.mean() * 100.0 / max.mean();
            }
        }
        GaugeStats cpu = gauges.get(SystemSampler.key(SystemSampler.CPU_PERCENT));
        if (cpu != null) {
            s.cpuUsage = cpu.mean();
        }
        long hits = 0;
        long misses = 0;
        for (Map.Entry<SeriesKey, Long> e : counters.entrySet()) {
            SeriesKey k = e.getKey();
            if (k.family.startsWith("vitals_cache_requests")) {
                String result = k.label("result");
                String keyspace = k.label("keyspace");
                double[] hm = s.cacheByKeyspace.computeIfAbsent(keyspace == null ? "default" : keyspace,
                        x -> new double[2]);
                if ("hit".equals(result)) {
                    hits += e.getValue();
                    hm[0] += e.getValue();
                } else if ("miss".equals(result)) {
                    misses += e.getValue();
                    hm[1] += e.getValue();
                }
            } else if (k.family.startsWith(CUSTOM)) {
                s.customCounters.merge(k.family, e.getValue(), Long::sum);
            } else if (k.family.startsWith("db_client_connection_timeouts")) {
                s.poolTimeouts += e.getValue();
            }
        }
        s.cacheLookups = hits + misses;
        if (s.cacheLookups > 0) {
            s.cacheHitRate = hits * 100.0 / s.cacheLookups;
        }
        return s;
    }

    static boolean isError(String status) {
        return status != null && status.length() == 3 && (status.charAt(0) == '4' || status.charAt(0) == '5');
    }

    private static String nullToUnknown(String s) {
        return s == null ? "unknown" : s;
    }

    static Histogram newScratch() {
        return Timer.newHistogram();
    }
}

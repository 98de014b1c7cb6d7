package dev.vitals.agent.alerts;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.health.CheckState;
import dev.vitals.agent.health.HealthService;
import dev.vitals.agent.health.HealthStatus;
import dev.vitals.agent.jvm.JvmMetrics;
import dev.vitals.agent.jvm.LeakAnalysis;
import dev.vitals.agent.metrics.MetricRegistry;
import dev.vitals.agent.metrics.Timer;
import dev.vitals.agent.metrics.TimerFamily;
import dev.vitals.agent.metrics.WindowConfig;
import dev.vitals.exporter.prometheus.MetricsSink;
import dev.vitals.exporter.prometheus.MetricsSource;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a rule's {@code metricType} can name, and how its current value is read.
 *
 * <ul>
 *   <li>Built-in subjects derived from what Vitals records: request percentiles, average, error rate and
 *       throughput (overall, or per route with {@code route}), heap, GC time, health-check status and counts
 *       of checks down. See {@link #BUILT_IN}.</li>
 *   <li>Any Prometheus sample Vitals exposes, by metric name plus exact label {@code matchers}; the matching
 *       series are folded with {@code aggregation} (default sum). {@code "aggregation": "rate"} turns counters
 *       into per-second rates over the alert window ({@link CounterRates}), summed. With a {@code denominator}
 *       the value is the ratio of the two, e.g. cache hit rate = rate of
 *       {@code vitals_cache_requests_total{result="hit"}} over rate of {@code vitals_cache_requests_total}, or of
 *       {@code cache_gets_total{cache="books",result="hit"}} over {@code cache_gets_total{cache="books"}} for one
 *       in-process cache.
 *       Without "rate", counters are their lifetime totals; histograms are read as {@code <name>_count} and
 *       {@code <name>_sum}.</li>
 *   <li>Custom metrics posted to {@code POST /metrics/custom}, named {@code custom:<name>} (valid before the
 *       first value, which is "no data" until then) or by their bare posted name once recorded, over the alert
 *       window, folded with {@code aggregation} (default last) on the values as posted.</li>
 * </ul>
 *
 * <p>Windows of timers (request figures, GC time, slow queries) end at the registry's last rotation, not at the
 * clock: see {@link #windowEnd}.
 *
 * <p>A subject with no data reads as NaN, which satisfies no condition. Read on the alert evaluation thread
 * only (and for validation on a request thread, which only collects names); a {@link Reading} caches what one
 * evaluation round computed, so ten rules on request figures merge the histograms once.
 */
final class Subjects {
    static final String HTTP_DURATION = "http_server_request_duration_seconds";
    static final String GC_DURATION = "jvm_gc_duration_seconds";
    static final String DB_DURATION = "db_client_operation_duration_seconds";

    /** Built-in subjects and what they measure. */
    static final Map<String, String> BUILT_IN = new LinkedHashMap<>();
    /** Built-ins that take {@code route}. */
    static final Set<String> PER_ROUTE = new HashSet<>();
    /** The metric families Vitals exposes, valid as subjects even before the instrumentation that records them has seen traffic. */
    static final Set<String> KNOWN_FAMILIES = new HashSet<>(Arrays.asList(
            "http_server_request_duration_seconds", "http_server_active_requests",
            "http_client_request_duration_seconds", "db_client_operation_duration_seconds",
            "db_client_connection_count", "db_client_connections_usage", "db_client_connection_max",
            "db_client_connection_pending_requests", "db_client_connection_wait_time_seconds",
            "db_client_connection_timeouts_total", "vitals_cache_requests_total", "cache_gets_total", "cache_puts_total",
            "cache_evictions_total", "cache_removals_total", "cache_size", "cache_load_duration_seconds",
            "vitals_circuit_breaker_state",
            "vitals_health_check_status", "vitals_health_score", "vitals_alerts_active", "vitals_budget_within", "jvm_memory_used_bytes",
            "jvm_gc_duration_seconds", "jvm_thread_count", "process_cpu_seconds_total",
            "process_resident_memory_bytes", "process_start_time_seconds", "vitals_notifications_failed_total"));
    /** Subjects read from the health checks and their scores. */
    static final Set<String> FROM_HEALTH = new HashSet<>(Arrays.asList("health_status", "dependencies_down",
            "critical_checks_down", "vitals_health_check_status", "vitals_health_score"));
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    static {
        builtIn("response_time", "p95 request duration in ms", true);
        builtIn("response_time_p50", "p50 request duration in ms", true);
        builtIn("response_time_p95", "p95 request duration in ms", true);
        builtIn("response_time_p99", "p99 request duration in ms", true);
        builtIn("response_time_avg", "average request duration in ms", true);
        builtIn("error_rate", "4xx/5xx responses in percent of requests", true);
        builtIn("requests_per_minute", "requests per minute", true);
        builtIn("memory_used", "heap used in MB", false);
        builtIn("memory_usage", "heap used in percent of the maximum heap", false);
        builtIn("gc_time", "milliseconds spent in GC during the window", false);
        builtIn("memory_leak_rate", "growth of heap used after GC in MB per minute over memory.leak.window (the analysis of /health/memory)", false);
        builtIn("health_status", "0 healthy, 1 degraded, 2 unhealthy: the aggregate, or one check with matchers {\"check\": name}", false);
        builtIn("dependencies_down", "number of unhealthy checks other than system", false);
        builtIn("critical_checks_down", "number of unhealthy checks marked critical (the databases by default)", false);
        builtIn("slow_queries", "JDBC statements at least database.slow.threshold long during the window", false);
    }

    static final String ACCEPTED = "accepts a built-in subject (" + String.join(", ", BUILT_IN.keySet())
            + "), a Prometheus metric Vitals exposes (e.g. db_client_connection_pending_requests, "
            + "vitals_cache_requests_total, vitals_circuit_breaker_state) or a custom metric posted to /metrics/custom, "
            + "as custom:<name> (also before its first value) or by its bare name once recorded";

    private static void builtIn(String name, String description, boolean perRoute) {
        BUILT_IN.put(name, description);
        if (perRoute) {
            PER_ROUTE.add(name);
        }
    }

    static boolean isBuiltIn(String metric) {
        return BUILT_IN.containsKey(metric);
    }

    private final AgentContext context;
    private final CustomMetrics custom;
    private final long windowMillis;
    private final List<MetricsSource> sources;
    private final CounterRates rates;
    private final int minRequests;
    private final long slowQueryMicros;

    /** @param minRequests fewer requests in the window make request-derived subjects "no data" to rules */
    Subjects(AgentContext context, CustomMetrics custom, long windowMillis, int minRequests) {
        this.context = context;
        this.minRequests = minRequests;
        this.slowQueryMicros = context.config().get(Keys.DATABASE_SLOW_THRESHOLD) * 1_000;
        this.rates = new CounterRates(windowMillis);
        this.custom = custom;
        this.windowMillis = windowMillis;
        this.sources = new ArrayList<>();
        sources.add(new JvmMetrics(context.process(), context.version()));
        sources.add(context.registryMetrics());
    }

    long windowMillis() {
        return windowMillis;
    }

    /** {@code null} when {@code metric} can be a subject; else why not and what is accepted. */
    String problem(String metric, boolean hasRoute) {
        if (isBuiltIn(metric)) {
            return hasRoute && !PER_ROUTE.contains(metric)
                    ? "'" + metric + "' does not take a route; route applies to " + PER_ROUTE : null;
        }
        if (hasRoute) {
            return "route applies only to " + PER_ROUTE + "; got '" + metric + "'";
        }
        if (CustomMetrics.isRuleRef(metric)) {
            String name = metric.substring(CustomMetrics.RULE_PREFIX.length());
            return CustomMetrics.POSTED_NAME.matcher(name).matches() && !CustomMetrics.key(name).isEmpty() ? null
                    : "'" + name + "' is not a custom metric name: letters, digits, '_', '.', ':' or '-' (at most 100)";
        }
        if (custom.has(metric)) {
            return null;
        }
        if (METRIC_NAME.matcher(metric).matches()) {
            if (known(metric) || exposedNames().contains(metric)) {
                return null;
            }
        }
        return "unknown metric '" + metric + "'; " + ACCEPTED;
    }

    /** A family Vitals exposes, or one of its sample names: a histogram's _count/_sum, a counter with or without _total. */
    static boolean known(String metric) {
        if (KNOWN_FAMILIES.contains(metric) || KNOWN_FAMILIES.contains(metric + "_total")) {
            return true;
        }
        for (String suffix : new String[] {"_count", "_sum"}) {
            if (metric.endsWith(suffix) && KNOWN_FAMILIES.contains(metric.substring(0, metric.length() - suffix.length()))) {
                return true;
            }
        }
        return false;
    }

    /** Every sample name exposed right now, with counters also under their bare family name. */
    Set<String> exposedNames() {
        Capture capture = new Capture(null);
        collect(capture);
        return capture.samples.keySet();
    }

    private void collect(MetricsSink sink) {
        for (MetricsSource s : sources) {
            safeCollect(s, sink);
        }
        for (MetricsSource s : context.metricsSources()) {
            safeCollect(s, sink);
        }
    }

    private static void safeCollect(MetricsSource s, MetricsSink sink) {
        try {
            s.collect(sink);
        } catch (RuntimeException e) {
            // A broken source must not hide every other subject; /metrics reports the same source's failure.
        }
    }

    Reading reading(long nowMillis) {
        return new Reading(nowMillis);
    }

    /**
     * Where the timer windows of a round at {@code now} end: at the registry's last rotation ({@code now} before
     * the first). A timer's values reach its window slices only when the tick rotates them, once per slice at a
     * moment of its own; a window ending at {@code now} would count, from each slice boundary until that
     * rotation, the new slice, still empty, as its newest and leave the last rotated one out. A window of one
     * slice ({@code alerts.window} up to 5 s) would then read nothing at all for part of every slice, and a rule
     * evaluated only in that part would see no data however many requests failed.
     */
    static long windowEnd(MetricRegistry registry, long now) {
        long rotated = registry.lastRotationMillis();
        return rotated > 0 ? rotated : now;
    }

    /**
     * {@code count} requests of a window of {@code windowMillis} as a rate per minute: over the time its whole slices
     * cover (a 3 s window reads one 5 s slice), not over {@code windowMillis}, which would overstate it.
     */
    static double requestsPerMinute(MetricRegistry registry, long count, long windowMillis) {
        WindowConfig slices = registry.windowConfig();
        return count * 60_000.0 / (slices.slicesFor(windowMillis) * slices.sliceMillis());
    }

    /** The values of one evaluation round; not thread-safe, used by one thread for one round. */
    final class Reading {
        final long now;
        /** The end of the timer windows: {@link #windowEnd}. */
        private final long windowEnd;
        private Map<String, Figures> requests;
        private Capture samples;
        private final Set<String> wanted = new HashSet<>();

        Reading(long now) {
            this.now = now;
            this.windowEnd = windowEnd(context.registry(), now);
        }

        /** Declares the Prometheus names a round needs, so one collect serves every rule. */
        void want(AlertRule rule) {
            if (!isBuiltIn(rule.metric)) {
                wanted.add(rule.metric);
            }
            if (rule.denominator != null) {
                wanted.add(rule.denominator);
            }
        }

        /**
         * The value a rule is evaluated on: {@link #value}, or NaN ("no data", which changes no alert state)
         * when the window is too thin to judge: a percentile, average or error rate of fewer than
         * {@code alerts.min.requests} requests in the window. Throughput (a count) is data even at zero.
         */
        double observation(AlertRule rule) {
            if (requestDerived(rule.metric) && figures(rule.route).count < minRequests) {
                return Double.NaN;
            }
            if (rule.denominator != null && requestDerived(rule.denominator) && figures(null).count < minRequests) {
                return Double.NaN;
            }
            return value(rule);
        }

        /** The subject's current value, as {@code /metrics/realtime} shows it; NaN when nothing measures it. */
        double value(AlertRule rule) {
            double v = subject(rule.metric, rule.route, rule.matchers, rule.aggregation);
            if (rule.denominator == null) {
                return v;
            }
            double d = subject(rule.denominator, null, rule.denominatorMatchers, rule.aggregation);
            return d == 0 || Double.isNaN(d) ? Double.NaN : v / d;
        }

        private double subject(String metric, String route, Map<String, String> matchers, String aggregation) {
            switch (metric) {
                case "response_time":
                case "response_time_p95":
                    return figures(route).p95;
                case "response_time_p50":
                    return figures(route).p50;
                case "response_time_p99":
                    return figures(route).p99;
                case "response_time_avg":
                    return figures(route).mean;
                case "error_rate": {
                    Figures f = figures(route);
                    return f.count == 0 ? 0 : 100.0 * f.errors / f.count;
                }
                case "requests_per_minute":
                    return requestsPerMinute(context.registry(), figures(route).count, windowMillis);
                case "memory_used":
                    return heap().getUsed() / (1024.0 * 1024.0);
                case "memory_usage": {
                    MemoryUsage heap = heap();
                    long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
                    return max <= 0 ? Double.NaN : 100.0 * heap.getUsed() / max;
                }
                case "gc_time":
                    return gcMillis();
                case "memory_leak_rate":
                    LeakAnalysis leak = context.service(LeakAnalysis.class);
                    return leak == null ? Double.NaN : leak.mbPerMinute();
                case "health_status":
                    return healthStatus(matchers.get("check"));
                case "dependencies_down":
                    return checksDown(false);
                case "critical_checks_down":
                    return checksDown(true);
                case "slow_queries":
                    return slowQueries();
                default:
                    if (isCustom(metric)) {
                        if (!custom.has(metric)) {
                            return Double.NaN; // a rule created before the metric's first value: no data yet
                        }
                        if ("rate".equals(aggregation)) {
                            // Events per second over the window: the sum of the values recorded in it.
                            double sum = custom.aggregate(metric, matchers, "sum", now - windowMillis);
                            return Double.isNaN(sum) ? 0 : sum / (windowMillis / 1000.0);
                        }
                        return custom.aggregate(metric, matchers, aggregation == null ? "last" : aggregation,
                                now - windowMillis);
                    }
                    return prometheus(metric, matchers, aggregation == null ? "sum" : aggregation);
            }
        }

        private double prometheus(String metric, Map<String, String> matchers, String aggregation) {
            if (samples == null) {
                samples = new Capture(wanted);
                collect(samples);
            }
            List<Sample> list = samples.samples.get(metric);
            if (list == null) {
                return Double.NaN;
            }
            boolean rate = "rate".equals(aggregation);
            Aggregator a = new Aggregator(rate ? "sum" : aggregation);
            for (Sample s : list) {
                if (matches(s.labels, matchers)) {
                    a.add(rate ? rates.rate(metric + new java.util.TreeMap<>(s.labels), now, s.value) : s.value);
                }
            }
            return a.result();
        }

        private Figures figures(String route) {
            if (requests == null) {
                requests = requestFigures(context.registry(), windowMillis, windowEnd);
            }
            Figures f = requests.get(route == null ? "" : route);
            return f == null ? Figures.EMPTY : f;
        }

        private double gcMillis() {
            for (TimerFamily family : context.registry().timerFamilies()) {
                if (family.name().equals(GC_DURATION)) {
                    double[] total = new double[1];
                    family.forEach((labels, timer) -> {
                        dev.vitals.agent.metrics.Snapshot s = timer.window(windowMillis, windowEnd);
                        total[0] += s.count() * s.meanMillis();
                    });
                    return total[0];
                }
            }
            return 0;
        }

        /** Statements (not Redis commands) of the window at or above the slow threshold; 0 without any. */
        private double slowQueries() {
            long[] slow = new long[1];
            for (TimerFamily family : context.registry().timerFamilies()) {
                if (family.name().equals(DB_DURATION)) {
                    Histogram h = Timer.newHistogram();
                    family.forEach((labels, timer) -> {
                        if ("redis".equals(labels[0])) {
                            return;
                        }
                        if (h.getTotalCount() > 0) {
                            h.reset();
                        }
                        timer.addWindowTo(h, windowMillis, windowEnd);
                        if (h.getTotalCount() > 0) {
                            slow[0] += h.getCountBetweenValues(slowQueryMicros, Timer.HIGHEST_TRACKABLE_MICROS);
                        }
                    });
                }
            }
            return slow[0];
        }

        private double healthStatus(String check) {
            HealthService health = context.health();
            List<CheckState> states = health.checks();
            if (check == null) {
                return states.isEmpty() ? Double.NaN : ordinal(HealthService.aggregate(states));
            }
            for (CheckState s : states) {
                if (s.name().equals(check)) {
                    return ordinal(s.status());
                }
            }
            return Double.NaN;
        }

        private double checksDown(boolean criticalOnly) {
            int down = 0;
            for (CheckState s : context.health().checks()) {
                if ("system".equals(s.name()) || (criticalOnly && !s.critical())) {
                    continue;
                }
                if (s.status() == HealthStatus.UNHEALTHY) {
                    down++;
                }
            }
            return down;
        }
    }

    /**
     * Whether a rule's subject is a custom metric: named {@code custom:<name>}, or a bare name that was posted and is
     * not one of Vitals' own families (built-in subjects never reach here).
     */
    private boolean isCustom(String metric) {
        return CustomMetrics.isRuleRef(metric) || !known(metric) && custom.has(metric);
    }

    /** Subjects computed from the requests of the window, which say little when there are few of them. */
    private static boolean requestDerived(String metric) {
        return metric.startsWith("response_time") || metric.equals("error_rate");
    }

    private static double ordinal(HealthStatus s) {
        return s == HealthStatus.HEALTHY ? 0 : s == HealthStatus.DEGRADED ? 1 : 2;
    }

    private static MemoryUsage heap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    }

    /**
     * Request figures of the window of {@code windowMillis} ending at {@code windowEnd}, overall (key "") and per
     * route (key "METHOD:/path").
     */
    static Map<String, Figures> requestFigures(MetricRegistry registry, long windowMillis, long windowEnd) {
        Map<String, Figures> out = new HashMap<>();
        TimerFamily family = null;
        for (TimerFamily f : registry.timerFamilies()) {
            if (f.name().equals(HTTP_DURATION)) {
                family = f;
            }
        }
        if (family == null) {
            return out;
        }
        Map<String, Histogram> byRoute = new HashMap<>();
        Map<String, long[]> errors = new HashMap<>();
        Histogram total = Timer.newHistogram();
        long[] totalErrors = new long[1];
        family.forEach((labels, timer) -> {
            String key = labels[0] + ":" + labels[1];
            Histogram h = byRoute.computeIfAbsent(key, k -> Timer.newHistogram());
            long before = h.getTotalCount();
            timer.addWindowTo(h, windowMillis, windowEnd);
            long n = h.getTotalCount() - before;
            String status = labels[2];
            if (n > 0 && status.length() == 3 && (status.charAt(0) == '4' || status.charAt(0) == '5')) {
                errors.computeIfAbsent(key, k -> new long[1])[0] += n;
                totalErrors[0] += n;
            }
        });
        for (Map.Entry<String, Histogram> e : byRoute.entrySet()) {
            long[] err = errors.get(e.getKey());
            out.put(e.getKey(), new Figures(e.getValue(), err == null ? 0 : err[0]));
            total.add(e.getValue());
        }
        out.put("", new Figures(total, totalErrors[0]));
        return out;
    }

    /** One window's request figures in milliseconds (histograms hold microseconds). */
    static final class Figures {
        static final Figures EMPTY = new Figures(Timer.newHistogram(), 0);
        final long count;
        final long errors;
        final double mean;
        final double p50;
        final double p95;
        final double p99;

        Figures(Histogram h, long errors) {
            this.count = h.getTotalCount();
            this.errors = errors;
            boolean empty = count == 0;
            mean = empty ? 0 : h.getMean() / 1_000.0;
            p50 = empty ? 0 : h.getValueAtPercentile(50) / 1_000.0;
            p95 = empty ? 0 : h.getValueAtPercentile(95) / 1_000.0;
            p99 = empty ? 0 : h.getValueAtPercentile(99) / 1_000.0;
        }
    }

    static boolean matches(Map<String, String> labels, Map<String, String> matchers) {
        for (Map.Entry<String, String> m : matchers.entrySet()) {
            if (!m.getValue().equals(labels.get(m.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** One captured sample. */
    static final class Sample {
        final Map<String, String> labels;
        final double value;

        Sample(Map<String, String> labels, double value) {
            this.labels = labels;
            this.value = value;
        }
    }

    /** A sink that keeps the samples of the wanted names ({@code null}: names only, values dropped). */
    static final class Capture implements MetricsSink {
        final Map<String, List<Sample>> samples = new HashMap<>();
        private final Set<String> wanted;

        Capture(Set<String> wanted) {
            this.wanted = wanted;
        }

        private void add(String name, String[] names, String[] values, double value) {
            if (wanted == null) {
                samples.putIfAbsent(name, Collections.emptyList());
                return;
            }
            if (!wanted.contains(name)) {
                return;
            }
            Map<String, String> labels = new HashMap<>();
            for (int i = 0; names != null && i < names.length && i < values.length; i++) {
                labels.put(names[i], values[i] == null ? "" : values[i]);
            }
            samples.computeIfAbsent(name, k -> new ArrayList<>()).add(new Sample(labels, value));
        }

        @Override
        public void gauge(String name, String help, String unit, String[] labelNames, String[] labelValues, double value) {
            add(name, labelNames, labelValues, value);
        }

        @Override
        public void counter(String name, String help, String unit, String[] labelNames, String[] labelValues, double value) {
            String bare = name.endsWith("_total") ? name.substring(0, name.length() - 6) : name;
            add(bare, labelNames, labelValues, value);
            add(bare + "_total", labelNames, labelValues, value);
        }

        @Override
        public void histogram(String name, String help, String unit, String[] labelNames, String[] labelValues,
                              double[] upperBounds, long[] cumulativeCounts, double sum, long count) {
            add(name + "_count", labelNames, labelValues, count);
            add(name + "_sum", labelNames, labelValues, sum);
            add(name, labelNames, labelValues, count);
        }

        @Override
        public void info(String name, String help, String[] labelNames, String[] labelValues) {
            add(name + "_info", labelNames, labelValues, 1);
        }
    }
}

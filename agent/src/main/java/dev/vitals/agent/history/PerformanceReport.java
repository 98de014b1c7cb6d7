package dev.vitals.agent.history;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.web.RouteView;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The performance report, built from rollups: {@code metrics} for the range, {@code trends} against the
 * previous range of the same length, {@code alerts} from the {@link AlertHistory} hook, {@code recommendations}
 * written from the figures, {@code capacity} projections for growing resources, a {@code breakdown} per period
 * unit, the busiest {@code routes} and other timer {@code dependencies}, the {@code custom} metrics posted to
 * {@code /metrics/custom}, and the {@code coverage} of the data.
 *
 * <p>Units: milliseconds for durations, percent for rates and usage, requests per minute for throughput.
 * Trends: {@code changePercent} is the size of the change, {@code trend} its direction
 * ({@code stable} within 5 %).
 *
 * <p>Not thread-safe; built per request.
 */
final class PerformanceReport {
    static final double STABLE_PERCENT = 5.0;
    /** Heap-after-GC growth worth a leak warning. */
    static final double LEAK_MB_PER_HOUR = 10.0;
    static final double MEMORY_WARN_PERCENT = 75.0;
    static final double CPU_WARN_PERCENT = 80.0;
    static final double CACHE_WARN_PERCENT = 80.0;
    static final long CACHE_MIN_LOOKUPS = 20;
    static final double POOL_WAIT_WARN_MS = 10.0;
    private static final double MB = 1024.0 * 1024.0;

    /** Thresholds the recommendations compare against (the budget keys). */
    static final class Limits {
        final double p95Millis;
        final double averageMillis;
        final double errorRatePercent;
        final double requestsPerMinute;

        Limits(double p95Millis, double averageMillis, double errorRatePercent, double requestsPerMinute) {
            this.p95Millis = p95Millis;
            this.averageMillis = averageMillis;
            this.errorRatePercent = errorRatePercent;
            this.requestsPerMinute = requestsPerMinute;
        }
    }

    static final class Trend {
        final String metricType;
        final double previous;
        final double current;
        final String trend;
        final Double changePercent;

        Trend(String metricType, double previous, double current) {
            this.metricType = metricType;
            this.previous = previous;
            this.current = current;
            if (previous == 0) {
                this.changePercent = current == 0 ? 0.0 : null;
                this.trend = current == 0 ? "stable" : "increasing";
            } else {
                double change = (current - previous) * 100.0 / previous;
                this.changePercent = round(Math.abs(change));
                this.trend = Math.abs(change) < STABLE_PERCENT ? "stable" : change > 0 ? "increasing" : "decreasing";
            }
        }
    }

    static final class Capacity {
        final String resource;
        final String unit;
        final double current;
        final double limit;
        final double growthPerHour;
        final Long projectedAtMillis;

        Capacity(String resource, String unit, double current, double limit, double growthPerHour, Long projectedAtMillis) {
            this.resource = resource;
            this.unit = unit;
            this.current = current;
            this.limit = limit;
            this.growthPerHour = growthPerHour;
            this.projectedAtMillis = projectedAtMillis;
        }
    }

    final ReportRange range;
    final long now;
    final PeriodFigures current;
    final PeriodFigures previous;
    final PeriodFigures.Summary summary;
    final PeriodFigures.Summary previousSummary;
    final List<PeriodFigures> buckets;
    final List<PeriodFigures.Summary> bucketSummaries = new ArrayList<>();
    final List<Trend> trends = new ArrayList<>();
    final List<String> recommendations = new ArrayList<>();
    final List<Capacity> capacity = new ArrayList<>();
    final List<AlertRecord> alerts;
    final boolean alertsAvailable;
    final String resolution;

    /**
     * @param rollups every rollup selected for {@code [range.from - range.length(), range.to)}, each counted once
     * @param alertHistory null when no alert engine is present
     */
    PerformanceReport(ReportRange range, long now, List<Rollup> rollups, Limits limits, AlertHistory alertHistory,
                      String resolution) {
        this.range = range;
        this.now = now;
        this.resolution = resolution;
        long prevFrom = range.from - range.length();
        current = new PeriodFigures(range.from, range.to);
        previous = new PeriodFigures(prevFrom, range.from);
        buckets = new ArrayList<>();
        for (long b = range.from; b < range.to; b += range.period.millis) {
            buckets.add(new PeriodFigures(b, Math.min(range.to, b + range.period.millis)));
        }
        for (Rollup r : rollups) {
            if (r.start >= range.from && r.start < range.to) {
                current.add(r);
                int i = (int) ((r.start - range.from) / range.period.millis);
                buckets.get(Math.min(i, buckets.size() - 1)).add(r);
            } else if (r.start >= prevFrom && r.start < range.from) {
                previous.add(r);
            }
        }
        Histogram scratch = PeriodFigures.newScratch();
        summary = current.summarize(scratch);
        previousSummary = previous.hasData() ? previous.summarize(scratch) : null;
        for (PeriodFigures b : buckets) {
            bucketSummaries.add(b.hasData() ? b.summarize(scratch) : null);
        }
        List<AlertRecord> found = null;
        if (alertHistory != null) {
            try {
                found = alertHistory.alertsBetween(range.from, range.to);
            } catch (RuntimeException e) {
                found = null;
            }
        }
        this.alertsAvailable = found != null;
        this.alerts = found == null ? List.of() : found;
        if (current.hasData() && previousSummary != null) {
            buildTrends();
        }
        buildCapacity(limits);
        buildRecommendations(limits);
    }

    // ---- trends ----

    private void buildTrends() {
        PeriodFigures.Summary c = summary;
        PeriodFigures.Summary p = previousSummary;
        if (c.requests.count > 0 || p.requests.count > 0) {
            trends.add(new Trend("response_time", p.requests.mean, c.requests.mean));
            trends.add(new Trend("p95_response_time", p.requests.p95, c.requests.p95));
            trends.add(new Trend("p99_response_time", p.requests.p99, c.requests.p99));
            trends.add(new Trend("error_rate", p.errorRate, c.errorRate));
            trends.add(new Trend("throughput", p.throughputPerMinute, c.throughputPerMinute));
        }
        if (!Double.isNaN(c.memoryUsage) && !Double.isNaN(p.memoryUsage)) {
            trends.add(new Trend("memory_usage", p.memoryUsage, c.memoryUsage));
        }
        if (!Double.isNaN(c.cpuUsage) && !Double.isNaN(p.cpuUsage)) {
            trends.add(new Trend("cpu_usage", p.cpuUsage, c.cpuUsage));
        }
        if (!Double.isNaN(c.cacheHitRate) && !Double.isNaN(p.cacheHitRate)) {
            trends.add(new Trend("cache_hit_rate", p.cacheHitRate, c.cacheHitRate));
        }
        if (c.poolWait != null && p.poolWait != null) {
            trends.add(new Trend("pool_wait_time", p.poolWait.mean, c.poolWait.mean));
        }
    }

    Trend trend(String metricType) {
        for (Trend t : trends) {
            if (t.metricType.equals(metricType)) {
                return t;
            }
        }
        return null;
    }

    // ---- capacity ----

    /** Projections need this much history: a few minutes after a start say nothing about a trend. */
    static final long MIN_TREND_SPAN = 3_600_000L;
    static final int MIN_TREND_POINTS = 6;
    /** Below this fit (R squared) the points are too scattered to call a trend. */
    static final double MIN_R_SQUARED = 0.5;

    /**
     * Least-squares fit: {slope per hour, fitted value at the last point, R squared}, or null with fewer than
     * {@link #MIN_TREND_POINTS} points, less than {@link #MIN_TREND_SPAN} between first and last, or a fit worse
     * than {@link #MIN_R_SQUARED}.
     */
    static double[] slopePerHour(List<double[]> points) {
        int n = points.size();
        if (n < MIN_TREND_POINTS || points.get(n - 1)[0] - points.get(0)[0] < MIN_TREND_SPAN) {
            return null;
        }
        double mx = 0;
        double my = 0;
        for (double[] p : points) {
            mx += p[0];
            my += p[1];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (double[] p : points) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
            syy += (p[1] - my) * (p[1] - my);
        }
        if (sxx == 0 || syy == 0) {
            return null;
        }
        double r2 = sxy * sxy / (sxx * syy);
        if (r2 < MIN_R_SQUARED) {
            return null;
        }
        double slopePerMilli = sxy / sxx;
        double lastX = points.get(n - 1)[0];
        return new double[] {slopePerMilli * 3_600_000.0, my + slopePerMilli * (lastX - mx), r2};
    }

    private void buildCapacity(Limits limits) {
        List<double[]> heap = current.points.get(SystemSampler.key(SystemSampler.HEAP_AFTER_GC));
        GaugeStats heapMax = current.gauges.get(SystemSampler.key(SystemSampler.HEAP_MAX));
        if (heap != null && heapMax != null) {
            // Zero until the first collection: not a measurement.
            List<double[]> measured = new ArrayList<>();
            for (double[] p : heap) {
                if (p[1] > 0) {
                    measured.add(p);
                }
            }
            project("heap_after_gc", "MB", measured, heapMax.last, MB);
        }
        for (Map.Entry<SeriesKey, List<double[]>> e : current.points.entrySet()) {
            if (PeriodFigures.isPoolUsed(e.getKey())) {
                String pool = e.getKey().label("pool_name");
                GaugeStats max = null;
                for (Map.Entry<SeriesKey, GaugeStats> g : current.gauges.entrySet()) {
                    if (g.getKey().family.equals("db_client_connection_max")
                            && (pool == null || pool.equals(g.getKey().label("pool_name")))) {
                        max = g.getValue();
                    }
                }
                if (max != null) {
                    project("pool_connections:" + (pool == null ? "default" : pool), "connections", e.getValue(),
                            max.last, 1);
                }
            }
        }
        project("request_rate", "requests/min", current.requestRate, limits.requestsPerMinute, 1);
    }

    /** Adds a hint when the resource grows; projects the limit when one is known and above the current value. */
    private void project(String resource, String unit, List<double[]> points, double limit, double scale) {
        double[] fit = slopePerHour(points);
        if (fit == null || fit[0] <= 0) {
            return;
        }
        double currentValue = points.get(points.size() - 1)[1];
        Long at = null;
        if (limit > 0 && currentValue < limit) {
            double hours = (limit - currentValue) / fit[0];
            if (hours < 24.0 * 3650) {
                at = (long) (now + hours * 3_600_000.0);
            }
        }
        capacity.add(new Capacity(resource, unit, currentValue / scale, limit > 0 ? limit / scale : Double.NaN,
                fit[0] / scale, at));
    }

    // ---- recommendations ----

    private void buildRecommendations(Limits limits) {
        PeriodFigures.Summary s = summary;
        if (!current.hasData()) {
            recommendations.add("No history was recorded in this range: the agent was not running, or history is off "
                    + "(history.enabled)");
            return;
        }
        String phrase = range.phrase();
        Trend rt = trend("response_time");
        if (rt != null && rt.changePercent != null && !rt.trend.equals("stable")) {
            recommendations.add(rt.trend.equals("decreasing")
                    ? "Response times have improved by " + fmt(rt.changePercent) + "% " + phrase
                    : "Response times have worsened by " + fmt(rt.changePercent) + "% " + phrase + slowestRoute());
        }
        if (s.requests.count > 0 && s.requests.p95 > limits.p95Millis) {
            recommendations.add("p95 response time " + fmt(s.requests.p95) + " ms is over the " + fmt(limits.p95Millis)
                    + " ms budget" + slowestRoute());
        } else if (s.requests.count > 0 && s.requests.mean > limits.averageMillis) {
            recommendations.add("Average response time " + fmt(s.requests.mean) + " ms is over the "
                    + fmt(limits.averageMillis) + " ms budget" + slowestRoute());
        }
        if (s.requests.count > 0 && s.errorRate > limits.errorRatePercent) {
            recommendations.add("Error rate " + fmt(s.errorRate) + "% is over the " + fmt(limits.errorRatePercent)
                    + "% budget" + mostErrors());
        } else {
            Trend er = trend("error_rate");
            if (er != null && er.trend.equals("increasing") && s.errors > 0) {
                recommendations.add("Error rate rose to " + fmt(s.errorRate) + "% " + phrase + " (from "
                        + fmt(er.previous) + "%)" + mostErrors());
            }
        }
        if (!Double.isNaN(s.memoryUsage) && s.memoryUsage >= MEMORY_WARN_PERCENT) {
            recommendations.add("Consider optimizing memory usage: the heap averaged " + fmt(s.memoryUsage)
                    + "% of its maximum (peak " + fmt(s.memoryPeakMb) + " MB); raise -Xmx or reduce what is kept");
        }
        if (!Double.isNaN(s.cpuUsage) && s.cpuUsage >= CPU_WARN_PERCENT) {
            recommendations.add("CPU use averaged " + fmt(s.cpuUsage) + "%: add capacity or profile the busiest routes");
        }
        for (Map.Entry<String, double[]> e : s.cacheByKeyspace.entrySet()) {
            double lookups = e.getValue()[0] + e.getValue()[1];
            if (lookups >= CACHE_MIN_LOOKUPS) {
                double rate = e.getValue()[0] * 100.0 / lookups;
                if (rate < CACHE_WARN_PERCENT) {
                    double[] before = previousSummary == null ? null : previousSummary.cacheByKeyspace.get(e.getKey());
                    boolean fell = before != null && before[0] + before[1] > 0
                            && before[0] * 100.0 / (before[0] + before[1]) > rate + 1;
                    recommendations.add("Cache hit rate for " + e.getKey() + (fell ? " fell to " : " is ") + fmt(rate)
                            + "%: check TTLs or invalidation");
                }
            }
        }
        for (Map.Entry<String, PeriodFigures.Latency> e : s.poolWaitByPool.entrySet()) {
            if (e.getValue().p95 > POOL_WAIT_WARN_MS) {
                recommendations.add("Connection pool " + e.getKey() + " made callers wait " + fmt(e.getValue().p95)
                        + " ms at p95: consider a larger pool or shorter transactions");
            }
        }
        if (s.poolTimeouts > 0) {
            recommendations.add(s.poolTimeouts + " connection requests timed out waiting for a pool connection");
        }
        for (Capacity c : capacity) {
            if (c.resource.equals("heap_after_gc") && c.growthPerHour >= LEAK_MB_PER_HOUR) {
                recommendations.add("Heap after GC grew " + fmt(c.growthPerHour) + " MB/hour: possible leak");
            }
            if (c.projectedAtMillis != null) {
                recommendations.add("At the current trend " + c.resource + " reaches its limit of " + fmt(c.limit) + " "
                        + c.unit + " around " + Instant.ofEpochMilli(c.projectedAtMillis));
            }
        }
        if (recommendations.isEmpty()) {
            recommendations.add("No action needed: response times, errors and resources stayed within their budgets "
                    + phrase);
        }
    }

    private String slowestRoute() {
        PeriodFigures.Route slowest = null;
        for (PeriodFigures.Route r : summary.routes) {
            if (slowest == null || r.latency.p95 > slowest.latency.p95) {
                slowest = r;
            }
        }
        return slowest == null ? "" : "; slowest route: " + slowest.name() + " (p95 " + fmt(slowest.latency.p95) + " ms)";
    }

    private String mostErrors() {
        PeriodFigures.Route worst = null;
        for (PeriodFigures.Route r : summary.routes) {
            if (r.errors > 0 && (worst == null || r.errors > worst.errors)) {
                worst = r;
            }
        }
        return worst == null ? "" : "; most errors: " + worst.name() + " (" + worst.errors + " of " + worst.latency.count + ")";
    }

    // ---- JSON ----

    void write(JsonGenerator g) throws IOException {
        PeriodFigures.Summary s = summary;
        g.writeStartObject();
        g.writeStringField("period", range.period.label);
        g.writeStringField("startDate", Instant.ofEpochMilli(range.from).toString());
        g.writeStringField("endDate", Instant.ofEpochMilli(range.to - 1).toString());
        g.writeStringField("generatedAt", Instant.ofEpochMilli(now).toString());
        g.writeObjectFieldStart("metrics");
        PeriodSummaryView.writeFields(g, s, PeriodSummaryView.Shape.METRICS);
        g.writeEndObject();
        g.writeObjectFieldStart("units");
        g.writeStringField("averageResponseTime", "ms");
        g.writeStringField("errorRate", "percent");
        g.writeStringField("throughput", "requests/min");
        g.writeStringField("memoryUsage", "percent of max heap");
        g.writeStringField("cpuUsage", "percent of all processors");
        g.writeEndObject();
        g.writeArrayFieldStart("trends");
        for (Trend t : trends) {
            g.writeStartObject();
            g.writeStringField("metricType", t.metricType);
            g.writeStringField("trend", t.trend);
            if (t.changePercent == null) {
                g.writeNullField("changePercent");
            } else {
                g.writeNumberField("changePercent", t.changePercent);
            }
            g.writeNumberField("previous", round(t.previous));
            g.writeNumberField("current", round(t.current));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeBooleanField("alertsAvailable", alertsAvailable);
        g.writeArrayFieldStart("alerts");
        for (AlertRecord a : alerts) {
            a.write(g);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("recommendations");
        for (String r : recommendations) {
            g.writeString(r);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("capacity");
        for (Capacity c : capacity) {
            g.writeStartObject();
            g.writeStringField("resource", c.resource);
            g.writeStringField("unit", c.unit);
            g.writeNumberField("current", round(c.current));
            writeOptional(g, "limit", c.limit);
            g.writeNumberField("growthPerHour", round(c.growthPerHour));
            if (c.projectedAtMillis == null) {
                g.writeNullField("projectedLimitAt");
                g.writeNullField("hoursToLimit");
            } else {
                g.writeStringField("projectedLimitAt", Instant.ofEpochMilli(c.projectedAtMillis).toString());
                g.writeNumberField("hoursToLimit", round((c.projectedAtMillis - now) / 3_600_000.0));
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("breakdown");
        for (int i = 0; i < buckets.size(); i++) {
            PeriodFigures b = buckets.get(i);
            PeriodFigures.Summary bs = bucketSummaries.get(i);
            g.writeStartObject();
            g.writeStringField("start", Instant.ofEpochMilli(b.from).toString());
            g.writeStringField("end", Instant.ofEpochMilli(b.to - 1).toString());
            g.writeNumberField("requests", bs == null ? 0 : bs.requests.count);
            if (bs != null) {
                PeriodSummaryView.writeFields(g, bs, PeriodSummaryView.Shape.BREAKDOWN);
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("routes");
        for (int i = 0; i < Math.min(20, s.routes.size()); i++) {
            RouteView.write(g, s.routes.get(i).view(), RouteView.Shape.REPORT);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("dependencies");
        for (Map.Entry<String, PeriodFigures.Latency> e : s.families.entrySet()) {
            PeriodFigures.Latency l = e.getValue();
            g.writeObjectFieldStart(e.getKey());
            g.writeNumberField("count", l.count);
            g.writeNumberField("averageResponseTime", round(l.mean));
            g.writeNumberField("p95", round(l.p95));
            g.writeNumberField("p99", round(l.p99));
            g.writeEndObject();
        }
        g.writeEndObject();
        writeCustom(g, s);
        g.writeObjectFieldStart("coverage");
        g.writeStringField("resolution", resolution);
        g.writeNumberField("rollups", current.records);
        g.writeNumberField("observedMinutes", round(current.coveredMillis / 60_000.0));
        if (current.hasData()) {
            g.writeStringField("firstRollup", Instant.ofEpochMilli(current.firstRecord).toString());
            g.writeStringField("lastRollup", Instant.ofEpochMilli(current.lastRecord).toString());
        }
        g.writeNumberField("previousPeriodRollups", previous.records);
        g.writeEndObject();
        g.writeEndObject();
    }

    /** Custom metrics by their Prometheus family: counters' increase, gauges' samples, histograms' observations. */
    private static void writeCustom(JsonGenerator g, PeriodFigures.Summary s) throws IOException {
        g.writeObjectFieldStart("custom");
        for (Map.Entry<String, Long> e : s.customCounters.entrySet()) {
            g.writeObjectFieldStart(e.getKey() + "_total");
            g.writeStringField("kind", "counter");
            g.writeNumberField("increase", e.getValue());
            g.writeEndObject();
        }
        for (Map.Entry<String, GaugeStats> e : s.customGauges.entrySet()) {
            GaugeStats gs = e.getValue();
            g.writeObjectFieldStart(e.getKey());
            g.writeStringField("kind", "gauge");
            g.writeNumberField("average", gs.mean());
            g.writeNumberField("min", gs.min);
            g.writeNumberField("max", gs.max);
            g.writeNumberField("last", gs.last);
            g.writeEndObject();
        }
        for (Map.Entry<String, PeriodFigures.Latency> e : s.customHistograms.entrySet()) {
            PeriodFigures.Latency l = e.getValue();
            g.writeObjectFieldStart(e.getKey());
            g.writeStringField("kind", "histogram");
            g.writeNumberField("count", l.count);
            g.writeNumberField("average", round(l.mean));
            g.writeNumberField("p95", round(l.p95));
            g.writeNumberField("p99", round(l.p99));
            g.writeNumberField("max", round(l.max));
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** One decimal; null for what is not a number (a figure with no sample). */
    static void writeOptional(JsonGenerator g, String field, double value) throws IOException {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, round(value));
        }
    }

    static double round(double v) {
        return RouteView.round(v);
    }

    static String fmt(double v) {
        double r = round(v);
        return r == Math.rint(r) ? String.format(Locale.ROOT, "%.0f", r) : String.format(Locale.ROOT, "%.1f", r);
    }
}

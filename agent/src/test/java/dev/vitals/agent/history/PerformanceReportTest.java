package dev.vitals.agent.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.metrics.Timer;
import dev.vitals.exporter.HttpError;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Report arithmetic on synthetic rollups: exact merged percentiles, trends, recommendations, capacity, 400s. */
class PerformanceReportTest {
    static final long MINUTE = 60_000;
    static final long HOUR = 3_600_000;
    static final long DAY = 24 * HOUR;
    static final long WEEK = 7 * DAY;
    static final long T0 = HistoryTest.T0;
    static final String[] HTTP_LABELS = {"http_request_method", "http_route", "http_response_status_code"};

    static SeriesKey http(String route, String status) {
        return new SeriesKey(PeriodFigures.HTTP_SERVER, HTTP_LABELS, new String[] {"GET", route, status});
    }

    static Rollup rollup(long start, long length, Map<SeriesKey, SparseHistogram> timers, Map<SeriesKey, Long> counters,
                         Map<SeriesKey, GaugeStats> gauges) {
        return new Rollup(start, start + length, length, timers, counters, gauges);
    }

    /** Writes fine and coarse rollups the way History would have left them, then opens a history over them. */
    static History historyOver(Path dir, List<Rollup> fine, List<Rollup> coarse, long now) throws IOException {
        HistoryStore writer = new HistoryStore(dir, 1L << 30);
        writer.open();
        for (Rollup r : coarse) {
            writer.append(writer.coarse, r);
        }
        for (Rollup r : fine) {
            writer.append(writer.fine, r);
        }
        writer.close();
        return new History(new HistoryStore(dir, 1L << 30), new RollupCollector(new dev.vitals.agent.metrics.MetricRegistry(),
                List::of, new String[0], null), MINUTE, HOUR, 48 * HOUR, 90 * DAY, 5_000, 900_000, () -> now, now,
                HistoryTest.LIMITS);
    }

    @Test
    void aWeekOfMinuteRollupsGivesTheExactMergedP95(@TempDir Path dir) throws IOException {
        Random random = new Random(3);
        Histogram raw = Timer.newHistogram();
        List<Rollup> fine = new ArrayList<>();
        List<Rollup> coarse = new ArrayList<>();
        List<Rollup> hour = new ArrayList<>();
        long errors = 0;
        for (long t = T0; t < T0 + WEEK; t += MINUTE) {
            Map<SeriesKey, SparseHistogram> timers = new HashMap<>();
            for (String route : new String[] {"/a", "/b", "/c"}) {
                Histogram h = Timer.newHistogram();
                // A slow Tuesday afternoon shifts the week's tail: an average of daily p95s would miss it.
                double scale = (t - T0) / DAY == 1 && ((t - T0) % DAY) > 12 * HOUR ? 8 : 1;
                for (int i = 0; i < 6; i++) {
                    long micros = (long) (scale * Math.exp(8 + random.nextGaussian())) + 1;
                    h.recordValue(micros);
                    raw.recordValue(micros);
                }
                timers.put(http(route, "200"), SparseHistogram.of(h));
            }
            if (random.nextInt(10) == 0) {
                timers.put(http("/a", "503"), SparseHistogram.ofValues(2_000));
                raw.recordValue(2_000);
                errors++;
            }
            Rollup r = rollup(t, MINUTE, timers, Map.of(), Map.of());
            hour.add(r);
            if (t >= T0 + WEEK - 48 * HOUR) {
                fine.add(r); // the last 48 hours are still at minute resolution
            }
            if (hour.size() == 60) {
                coarse.add(Rollup.merge(hour.get(0).start, hour.get(0).start + HOUR, hour));
                hour.clear();
            }
        }
        long now = T0 + WEEK + 30_000;
        History history = historyOver(dir, fine, coarse, now);
        PerformanceReport report = history.report(new ReportRange(ReportRange.Period.WEEKLY, T0, T0 + WEEK), now);
        assertEquals(raw.getTotalCount(), report.summary.requests.count, "every request once: no hour in both tiers");
        assertEquals(raw.getValueAtPercentile(95) / 1000.0, report.summary.requests.p95, "the week's true p95");
        assertEquals(raw.getValueAtPercentile(99) / 1000.0, report.summary.requests.p99);
        assertEquals(raw.getMean() / 1000.0, report.summary.requests.mean, 1e-9);
        assertEquals(errors, report.summary.errors);
        assertEquals("coarse", report.resolution, "a whole week is read from hourly rollups");
        assertEquals(1, report.buckets.size());

        // The same week by day, at the end of the fine retention: minute rollups for the last two days.
        PerformanceReport daily = history.report(new ReportRange(ReportRange.Period.DAILY, T0 + WEEK - 36 * HOUR - 30 * MINUTE,
                T0 + WEEK), now);
        Histogram expected = Timer.newHistogram();
        for (Rollup r : fine) {
            if (r.start >= T0 + WEEK - 36 * HOUR - 30 * MINUTE) {
                r.timers.values().forEach(h -> h.addTo(expected));
            }
        }
        assertEquals(expected.getTotalCount(), daily.summary.requests.count);
        assertEquals(expected.getValueAtPercentile(95) / 1000.0, daily.summary.requests.p95);
        assertEquals("mixed", daily.resolution, "half an hour of minutes, then whole hours");
        assertEquals(2, daily.buckets.size());
    }

    @Test
    void trendsRecommendationsAndCapacityComeFromTheFigures(@TempDir Path dir) throws IOException {
        List<Rollup> coarse = new ArrayList<>();
        SeriesKey hit = new SeriesKey("vitals_cache_requests", new String[] {"keyspace", "result"},
                new String[] {"user:profile", "hit"});
        SeriesKey miss = new SeriesKey("vitals_cache_requests", new String[] {"keyspace", "result"},
                new String[] {"user:profile", "miss"});
        double mb = 1024 * 1024;
        for (long t = T0 - WEEK; t < T0 + WEEK; t += HOUR) {
            boolean current = t >= T0;
            long[] values = new long[100];
            java.util.Arrays.fill(values, current ? 87_500 : 100_000);
            Map<SeriesKey, Long> counters = Map.of(hit, current ? 71L : 95L, miss, current ? 29L : 5L);
            Map<SeriesKey, GaugeStats> gauges = new HashMap<>();
            double hours = (t - (T0 - WEEK)) / (double) HOUR;
            gauges.put(SystemSampler.key(SystemSampler.HEAP_AFTER_GC), GaugeStats.of(200 * mb + 35 * mb * (hours + 0.5)));
            gauges.put(SystemSampler.key(SystemSampler.HEAP_MAX), GaugeStats.of(16_384 * mb));
            gauges.put(SystemSampler.key(SystemSampler.HEAP_USED), GaugeStats.of(4_096 * mb));
            gauges.put(SystemSampler.key(SystemSampler.CPU_PERCENT), GaugeStats.of(current ? 30 : 20));
            coarse.add(rollup(t, HOUR, Map.of(http("/api/products", "200"), SparseHistogram.ofValues(values)), counters,
                    gauges));
        }
        long now = T0 + WEEK;
        History history = historyOver(dir, List.of(), coarse, now);
        // What the alert feature writes for each record (AlertViewTest pins its fields); the report lists them in order.
        List<AlertRecord> alerts = List.of(g -> {
            g.writeStartObject();
            g.writeStringField("name", "High Response Time");
            g.writeEndObject();
        }, g -> {
            g.writeStartObject();
            g.writeStringField("name", "High Error Rate");
            g.writeEndObject();
        });
        history.setAlertHistory((from, to) -> alerts);
        PerformanceReport report = history.report(ReportRange.parse("weekly", null, null, now), now);

        PerformanceReport.Trend rt = report.trend("response_time");
        assertNotNull(rt);
        assertEquals("decreasing", rt.trend);
        double change = (report.previousSummary.requests.mean - report.summary.requests.mean) * 100
                / report.previousSummary.requests.mean;
        assertEquals(PerformanceReport.round(change), rt.changePercent);
        assertTrue(Math.abs(change - 12.5) < 1, "about 12.5 %: " + change);
        assertEquals("increasing", report.trend("cpu_usage").trend);
        assertEquals(50.0, report.trend("cpu_usage").changePercent);
        assertEquals("decreasing", report.trend("cache_hit_rate").trend);
        assertEquals("stable", report.trend("throughput").trend);

        assertTrue(report.recommendations.contains("Response times have improved by "
                + PerformanceReport.fmt(change) + "% this week"), report.recommendations.toString());
        assertTrue(report.recommendations.contains("Cache hit rate for user:profile fell to 71%: check TTLs or invalidation"),
                report.recommendations.toString());
        assertTrue(report.recommendations.contains("Heap after GC grew 35 MB/hour: possible leak"),
                report.recommendations.toString());

        PerformanceReport.Capacity heap = report.capacity.stream().filter(c -> c.resource.equals("heap_after_gc"))
                .findFirst().orElseThrow();
        assertEquals(35.0, heap.growthPerHour, 1e-6);
        double last = 200 + 35 * (2 * 168 - 0.5);
        assertEquals(last, heap.current, 1e-6);
        long expectedAt = now + (long) ((16_384 - last) / 35 * HOUR);
        assertEquals(expectedAt, heap.projectedAtMillis, 1_000);
        assertEquals(Math.round(report.summary.memoryUsage), 25);

        String json = render(report);
        for (String field : new String[] {"\"period\":\"weekly\"", "\"averageResponseTime\"", "\"p95\"", "\"p99\"",
                "\"errorRate\"", "\"throughput\"", "\"memoryUsage\":25.0", "\"cpuUsage\":30.0", "\"cacheHitRate\":71.0",
                "\"metricType\":\"response_time\"", "\"trend\":\"decreasing\"", "\"alertsAvailable\":true",
                "\"alerts\":[{\"name\":\"High Response Time\"},{\"name\":\"High Error Rate\"}]", "\"projectedLimitAt\":\"" + Instant.ofEpochMilli(heap.projectedAtMillis)}) {
            assertTrue(json.contains(field), field + " in " + json);
        }
    }

    @Test
    void minutesAfterAStartProjectNothingButHoursOfGrowthDo(@TempDir Path dir) throws IOException {
        double mb = 1024 * 1024;
        SeriesKey used = new SeriesKey("db_client_connection_count", new String[] {"pool_name", "state"},
                new String[] {"HikariPool-1", "used"});
        SeriesKey max = new SeriesKey("db_client_connection_max", new String[] {"pool_name"}, new String[] {"HikariPool-1"});
        List<Rollup> fine = new ArrayList<>();
        long start = T0 - 3 * HOUR;
        for (long t = start; t < T0; t += MINUTE) {
            double hours = (t - start) / (double) HOUR;
            Map<SeriesKey, GaugeStats> gauges = new HashMap<>();
            // Before the first collection the after-GC figure is 0; then it jumps: no leak in that jump.
            gauges.put(SystemSampler.key(SystemSampler.HEAP_AFTER_GC), GaugeStats.of(t - start < 5 * MINUTE ? 0 : 80 * mb));
            gauges.put(SystemSampler.key(SystemSampler.HEAP_MAX), GaugeStats.of(1024 * mb));
            gauges.put(used, GaugeStats.of(2 + 2 * hours)); // 2 connections more every hour, of 10
            gauges.put(max, GaugeStats.of(10));
            int requests = (int) (60 + 60 * hours); // 60 more requests a minute every hour
            long[] values = new long[requests];
            java.util.Arrays.fill(values, 5_000);
            fine.add(rollup(t, MINUTE, Map.of(http("/a", "200"), SparseHistogram.ofValues(values)), Map.of(), gauges));
        }
        History history = historyOver(dir, fine, List.of(), T0);
        PerformanceReport shortReport = new PerformanceReport(new ReportRange(ReportRange.Period.HOURLY, start,
                start + 20 * MINUTE), T0, fine.subList(0, 20), HistoryTest.LIMITS, null, "fine");
        assertTrue(shortReport.capacity.isEmpty(), "20 minutes are no trend");

        PerformanceReport.Limits withRate = new PerformanceReport.Limits(1000, 500, 5, 600);
        PerformanceReport report = new PerformanceReport(new ReportRange(ReportRange.Period.HOURLY, start, T0), T0,
                history.select(start, T0, new String[1]), withRate, null, "fine");
        assertTrue(report.capacity.stream().noneMatch(c -> c.resource.equals("heap_after_gc")),
                "a flat heap after GC is no leak: " + report.recommendations);
        PerformanceReport.Capacity pool = report.capacity.stream()
                .filter(c -> c.resource.equals("pool_connections:HikariPool-1")).findFirst().orElseThrow();
        assertEquals(2.0, pool.growthPerHour, 1e-6);
        assertEquals(T0 + (long) ((10 - pool.current) / 2 * HOUR), pool.projectedAtMillis, 1_000);
        PerformanceReport.Capacity rate = report.capacity.stream().filter(c -> c.resource.equals("request_rate"))
                .findFirst().orElseThrow();
        assertEquals(60.0, rate.growthPerHour, 1.0);
        assertNotNull(rate.projectedAtMillis, "a configured rate limit gives a date");
        assertTrue(report.recommendations.stream().anyMatch(r -> r.startsWith("At the current trend request_rate")),
                report.recommendations.toString());
    }

    @Test
    void anEmptyRangeSaysSo(@TempDir Path dir) throws IOException {
        History history = historyOver(dir, List.of(), List.of(), T0);
        PerformanceReport report = history.report(ReportRange.parse("hourly", null, null, T0), T0);
        assertEquals(0, report.summary.requests.count);
        assertTrue(report.recommendations.get(0).startsWith("No history was recorded"), report.recommendations.toString());
        assertTrue(render(report).contains("\"alertsAvailable\":false"));
    }

    @Test
    void datesFollowTheReportFormat() {
        ReportRange r = ReportRange.parse("daily", "2024-01-01", "2024-01-07", T0);
        assertEquals(Instant.parse("2024-01-01T00:00:00Z").toEpochMilli(), r.from);
        assertEquals(Instant.parse("2024-01-08T00:00:00Z").toEpochMilli(), r.to, "an end date includes its day");
        ReportRange last = ReportRange.parse("weekly", null, null, T0);
        assertEquals(T0 - WEEK, last.from);
        assertEquals(T0, last.to);
        ReportRange one = ReportRange.parse("hourly", "2024-01-01T10:00:00Z", null, T0);
        assertEquals(Instant.parse("2024-01-01T11:00:00Z").toEpochMilli(), one.to);
        assertEquals(Instant.parse("2024-01-01T10:00:00Z").toEpochMilli(),
                ReportRange.parse("HOURLY", "2024-01-01T12:00:00+02:00", null, T0).from);
        assertEquals(1_700_000_000_000L, ReportRange.parse(null, "1700000000000", null, T0).from);
    }

    @Test
    void badParametersAre400sNamingTheParameter() {
        assertBad("period", () -> ReportRange.parse("yearly", null, null, T0));
        assertBad("startDate", () -> ReportRange.parse("daily", "2024-13-01", null, T0));
        assertBad("startDate", () -> ReportRange.parse("daily", "yesterday", null, T0));
        assertBad("endDate", () -> ReportRange.parse("daily", null, "2024-01-07T25:00:00Z", T0));
        assertBad("endDate", () -> ReportRange.parse("daily", "2024-01-07", "2024-01-01", T0));
        assertBad("period", () -> ReportRange.parse("hourly", "2024-01-01", "2024-03-01", T0));
        assertBad("endDate", () -> ReportRange.parse("monthly", "2020-01-01", "2024-01-01", T0));
    }

    private static void assertBad(String parameter, Runnable call) {
        HttpError e = assertThrows(HttpError.class, call::run);
        assertEquals(400, e.status());
        assertTrue(e.detail().contains("'" + parameter + "'"), e.detail());
    }

    static String render(PerformanceReport report) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            report.write(g);
        }
        return out.toString();
    }
}

package dev.vitals.agent.requests;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.AgentContext;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code requests} group of {@code WS /metrics/stream}: the last minute's request figures, the slowest
 * routes and the slowest recent requests with their database/redis/http breakdown. Same units and sources as
 * {@code /health/dashboard} (milliseconds, per minute, percent), over a fixed one-minute window so that a
 * live chart moves.
 *
 * <p>Thread-safe: reads {@link RequestMetrics} only.
 */
final class RequestStreamGroup {
    /** One minute: long enough for steady percentiles, short enough that the chart follows the traffic. */
    static final long WINDOW_MILLIS = 60_000;
    private static final int ROUTES = 10;
    private static final int SLOW = 5;

    private final AgentContext context;
    private final RequestMetrics metrics;

    RequestStreamGroup(AgentContext context, RequestMetrics metrics) {
        this.context = context;
        this.metrics = metrics;
    }

    void write(JsonGenerator g) throws IOException {
        long now = System.currentTimeMillis();
        RequestWindow w = new RequestWindow(metrics.byStatus(), WINDOW_MILLIS, now, null, null);
        long effective = Math.max(1_000, Math.min(WINDOW_MILLIS, context.process().uptimeMillis()));
        g.writeStartObject();
        g.writeNumberField("timeWindow", WINDOW_MILLIS);
        g.writeNumberField("count", w.all.count);
        g.writeNumberField("requestsPerMinute", RequestEndpoints.round(w.all.count * 60_000.0 / effective));
        g.writeNumberField("requestsPerSecond", RequestEndpoints.round(w.all.count * 1_000.0 / effective));
        g.writeNumberField("avgResponseTime", RequestEndpoints.round(w.all.mean));
        g.writeNumberField("p50", RequestEndpoints.round(w.all.p50));
        g.writeNumberField("p95", RequestEndpoints.round(w.all.p95));
        g.writeNumberField("p99", RequestEndpoints.round(w.all.p99));
        g.writeNumberField("maxResponseTime", RequestEndpoints.round(w.all.max));
        g.writeNumberField("errors", w.errors);
        g.writeNumberField("errorRate", RequestEndpoints.percent(w.errors, w.all.count));
        g.writeObjectFieldStart("errorBreakdown");
        for (Map.Entry<String, Long> e : w.errorsByStatus.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();

        List<RequestWindow.Route> slowest = new ArrayList<>(w.routes);
        slowest.sort((a, b) -> Double.compare(b.figures.p95, a.figures.p95));
        g.writeArrayFieldStart("routes");
        for (RequestWindow.Route r : slowest.subList(0, Math.min(ROUTES, slowest.size()))) {
            g.writeStartObject();
            g.writeStringField("method", r.method);
            g.writeStringField("path", r.path);
            g.writeNumberField("count", r.figures.count);
            g.writeNumberField("avgResponseTime", RequestEndpoints.round(r.figures.mean));
            g.writeNumberField("p95", RequestEndpoints.round(r.figures.p95));
            g.writeNumberField("errorRate", RequestEndpoints.percent(r.errors, r.figures.count));
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeNumberField("slowThreshold", metrics.slow().thresholdNanos() / 1_000_000);
        g.writeArrayFieldStart("slow");
        for (SlowRequests.Entry e : metrics.slow().slowest(SLOW, RequestEndpoints.MAX_WINDOW, now)) {
            g.writeStartObject();
            g.writeStringField("method", e.method);
            g.writeStringField("route", e.route);
            g.writeStringField("path", e.path);
            g.writeNumberField("status", e.status);
            g.writeNumberField("duration", RequestEndpoints.round(e.durationMillis));
            g.writeStringField("time", Instant.ofEpochMilli(e.timeMillis).toString());
            downstream(g, "database", e.databaseNanos, e.databaseCount);
            downstream(g, "redis", e.redisNanos, e.redisCount);
            downstream(g, "http", e.httpNanos, e.httpCount);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void downstream(JsonGenerator g, String name, long nanos, long count) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("timeMs", RequestEndpoints.round(nanos / 1e6));
        g.writeNumberField("count", count);
        g.writeEndObject();
    }
}

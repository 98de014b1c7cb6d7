package dev.vitals.agent.requests;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.AgentContext;
import dev.vitals.agent.web.RouteView;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static dev.vitals.agent.web.RouteView.percent;
import static dev.vitals.agent.web.RouteView.round;

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
        g.writeNumberField("requestsPerMinute", round(w.all.count * 60_000.0 / effective));
        g.writeNumberField("requestsPerSecond", round(w.all.count * 1_000.0 / effective));
        g.writeNumberField("avgResponseTime", round(w.all.mean));
        g.writeNumberField("p50", round(w.all.p50));
        g.writeNumberField("p95", round(w.all.p95));
        g.writeNumberField("p99", round(w.all.p99));
        g.writeNumberField("maxResponseTime", round(w.all.max));
        g.writeNumberField("errors", w.errors);
        g.writeNumberField("errorRate", percent(w.errors, w.all.count));
        RouteView.counts(g, "errorBreakdown", w.errorsByStatus);

        List<RequestWindow.Route> slowest = new ArrayList<>(w.routes);
        slowest.sort((a, b) -> Double.compare(b.figures.p95, a.figures.p95));
        g.writeArrayFieldStart("routes");
        for (RequestWindow.Route r : slowest.subList(0, Math.min(ROUTES, slowest.size()))) {
            RouteView.write(g, r.view(WINDOW_MILLIS, r.figures.count * 60_000.0 / effective), RouteView.Shape.STREAM);
        }
        g.writeEndArray();

        g.writeNumberField("slowThreshold", metrics.slow().thresholdNanos() / 1_000_000);
        g.writeArrayFieldStart("slow");
        for (SlowRequests.Entry e : metrics.slow().slowest(SLOW, RequestEndpoints.MAX_WINDOW, now)) {
            SlowRequestView.write(g, e, SlowRequestView.Shape.STREAM);
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}

package dev.vitals.agent.requests;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.AgentContext;
import dev.vitals.agent.web.RouteView;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

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
        RequestFiguresView all = RequestFiguresView.of(w, context.process().uptimeMillis());
        g.writeStartObject();
        RequestFiguresView.writeFields(g, all, RequestFiguresView.Shape.STREAM);

        List<RequestWindow.Route> slowest = new ArrayList<>(w.routes);
        slowest.sort((a, b) -> Double.compare(b.figures.p95, a.figures.p95));
        g.writeArrayFieldStart("routes");
        for (RequestWindow.Route r : slowest.subList(0, Math.min(ROUTES, slowest.size()))) {
            RouteView.write(g, r.view(WINDOW_MILLIS, r.figures.count * 60_000.0 / all.effectiveMillis), RouteView.Shape.STREAM);
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

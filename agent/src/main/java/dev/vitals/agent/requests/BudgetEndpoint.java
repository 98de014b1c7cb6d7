package dev.vitals.agent.requests;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.web.EndpointGroup;
import dev.vitals.exporter.Access;
import dev.vitals.exporter.HttpExporter;
import dev.vitals.exporter.Request;
import dev.vitals.exporter.Response;
import dev.vitals.exporter.prometheus.MetricsSink;
import dev.vitals.exporter.prometheus.MetricsSource;

import java.time.Instant;

/** {@code GET /health/budget} (the budget's limits, figures and recommendations), and {@code vitals_budget_within{budget}}. */
final class BudgetEndpoint implements EndpointGroup, MetricsSource {
    private final AgentContext context;
    private final RequestMetrics metrics;

    BudgetEndpoint(AgentContext context, RequestMetrics metrics) {
        this.context = context;
        this.metrics = metrics;
    }

    Budget evaluate(long windowMillis) {
        long now = System.currentTimeMillis();
        RequestWindow w = new RequestWindow(metrics.byStatus(), windowMillis, now, null, null);
        double errorRate = w.all.count == 0 ? 0 : 100.0 * w.errors / w.all.count;
        Config c = context.config();
        return new Budget(c.get(Keys.BUDGET_P95), round(w.all.p95), c.get(Keys.BUDGET_AVERAGE), round(w.all.mean),
                c.get(Keys.BUDGET_ERROR_RATE), round(errorRate),
                c.get(Keys.BUDGET_MEMORY) / (1024.0 * 1024.0), round(MemorySamples.heapUsedBytes() / (1024.0 * 1024.0)),
                c.get(Keys.BUDGET_AVAILABILITY), context.health().availability().percent());
    }

    @Override
    public void register(HttpExporter.Builder http) {
        http.route("GET", "/health/budget", Access.PUBLIC, this::budget);
    }

    private Response budget(Request request) {
        long window = request.queryLong("window", context.config().get(Keys.WINDOW), 1_000, 900_000);
        Budget b = evaluate(window);
        return Response.json(g -> {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.now().toString());
            g.writeNumberField("timeWindow", window);
            g.writeObjectFieldStart("performanceBudget");
            // The limits' field names.
            g.writeNumberField("maxResponseTime", b.items.get(0).limit);
            g.writeNumberField("maxAverageResponseTime", b.items.get(1).limit);
            g.writeNumberField("maxErrorRate", b.items.get(2).limit);
            g.writeNumberField("maxMemoryUsage", b.items.get(3).limit);
            g.writeNumberField("minAvailability", b.items.get(4).limit);
            g.writeNumberField("availabilityWindow", context.config().get(Keys.BUDGET_AVAILABILITY_WINDOW));
            g.writeEndObject();
            g.writeObjectFieldStart("current");
            for (Budget.Item item : b.items) {
                g.writeNumberField(item.name, item.current);
            }
            g.writeEndObject();
            g.writeObjectFieldStart("validation");
            g.writeBooleanField("withinBudget", b.withinBudget());
            g.writeArrayFieldStart("violations");
            for (String v : b.violations) {
                g.writeString(v);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("recommendations");
            for (String r : b.recommendations) {
                g.writeString(r);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    @Override
    public void collect(MetricsSink sink) {
        Budget b = evaluate(context.config().get(Keys.WINDOW));
        for (Budget.Item item : b.items) {
            sink.gauge("vitals_budget_within", "1 when the figure is within its performance budget over the default window.",
                    "", new String[] {"budget"}, new String[] {item.name}, item.within() ? 1 : 0);
        }
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}

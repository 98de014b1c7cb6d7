package dev.vitals.agent.web;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.ConfigKey;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.jvm.JvmMetrics;
import dev.vitals.agent.jvm.Liveness;
import dev.vitals.agent.jvm.SystemInfo;
import dev.vitals.exporter.Access;
import dev.vitals.exporter.HttpExporter;
import dev.vitals.exporter.Request;
import dev.vitals.exporter.Response;
import dev.vitals.exporter.prometheus.MetricsSource;
import dev.vitals.exporter.prometheus.PrometheusExposition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Registers the agent's HTTP endpoints on the listener. */
public final class Endpoints {
    private final AgentContext context;
    private final SystemInfo systemInfo;
    private final List<MetricsSource> metricsSources;

    public Endpoints(AgentContext context) {
        this.context = context;
        this.systemInfo = new SystemInfo(context.process());
        this.metricsSources = new ArrayList<>();
        metricsSources.add(new JvmMetrics(context.process(), context.version()));
        metricsSources.add(context.registryMetrics());
        metricsSources.addAll(context.metricsSources());
    }

    public void register(HttpExporter.Builder http) {
        http.probe("/health/ping", this::ping);
        http.probe("/health/live", this::live);
        http.route("GET", "/health/system", Access.PROTECTED, r -> Response.json(systemInfo::write));
        http.route("GET", "/health/config", Access.PROTECTED, this::config);
        http.route("GET", "/metrics", Access.PUBLIC, this::metrics);
        for (EndpointGroup group : context.endpointGroups()) {
            group.register(http);
        }
    }

    private Response ping(Request request) {
        return Response.json(g -> {
            g.writeStartObject();
            g.writeStringField("status", "healthy");
            g.writeStringField("timestamp", Instant.now().toString());
            g.writeEndObject();
        }).header("Cache-Control", "no-store");
    }

    private Response live(Request request) {
        Liveness.Verdict v = context.liveness().evaluate();
        return Response.json(v.alive ? 200 : 503, g -> {
            g.writeStartObject();
            g.writeStringField("status", v.alive ? "healthy" : "unhealthy");
            g.writeStringField("timestamp", Instant.now().toString());
            g.writeObjectFieldStart("checks");
            g.writeObjectFieldStart("deadlocks");
            g.writeStringField("status", v.deadlockedThreads == 0 ? "healthy" : "unhealthy");
            g.writeNumberField("deadlockedThreads", v.deadlockedThreads);
            g.writeEndObject();
            g.writeObjectFieldStart("heap");
            boolean heapOk = v.alive || v.deadlockedThreads > 0;
            g.writeStringField("status", heapOk ? "healthy" : "unhealthy");
            g.writeNumberField("usedAfterGcRatio", Math.round(v.heapAfterGcFraction * 1000) / 1000.0);
            g.writeNumberField("exhaustedForMs", v.heapExhaustedForMillis);
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        }).header("Cache-Control", "no-store");
    }

    private Response config(Request request) {
        Config config = context.config();
        return Response.json(g -> {
            g.writeStartObject();
            g.writeStringField("service", context.serviceName());
            g.writeStringField("version", context.version());
            g.writeObjectFieldStart("config");
            for (ConfigKey<?> key : Keys.all()) {
                g.writeObjectFieldStart(key.name());
                g.writeStringField("value", config.display(key));
                g.writeStringField("source", config.source(key).label());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeArrayFieldStart("warnings");
            for (String w : config.warnings()) {
                g.writeString(w);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private Response metrics(Request request) {
        // Histograms are read from rotated windows: rotate first, so the scrape has every request recorded before it.
        context.rotateNow();
        boolean openMetrics = PrometheusExposition.wantsOpenMetrics(request.header("Accept"));
        byte[] body = PrometheusExposition.write(metricsSources, openMetrics);
        return Response.bytes(200, openMetrics ? PrometheusExposition.OPENMETRICS_CONTENT_TYPE
                : PrometheusExposition.TEXT_CONTENT_TYPE, body);
    }
}

package dev.vitals.agent.health;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.AgentContext;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.jvm.Liveness;
import dev.vitals.agent.web.EndpointGroup;
import dev.vitals.exporter.Access;
import dev.vitals.exporter.HttpExporter;
import dev.vitals.exporter.Request;
import dev.vitals.exporter.Response;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * {@code /health}, {@code /health/ready}, {@code /health/started}, {@code /health/detailed} and
 * {@code /health/status}. Every answer is built from the latest background results, so none waits on
 * a dependency.
 */
public final class HealthEndpoints implements EndpointGroup {
    static final String HEALTH_JSON = "application/health+json";

    private final AgentContext context;
    private final HealthService health;

    public HealthEndpoints(AgentContext context, HealthService health) {
        this.context = context;
        this.health = health;
    }

    @Override
    public void register(HttpExporter.Builder http) {
        http.route("GET", "/health", Access.PUBLIC, this::aggregate);
        http.route("GET", "/health/", Access.PUBLIC, this::aggregate);
        http.probe("/health/ready", this::ready);
        http.probe("/health/started", this::started);
        http.route("GET", "/health/status", Access.PUBLIC, this::status);
        http.route("GET", "/health/detailed", Access.PROTECTED, this::detailed);
    }

    private Response aggregate(Request request) {
        long start = System.nanoTime();
        List<CheckState> states = health.checks();
        HealthStatus status = HealthService.aggregate(states);
        int code = status == HealthStatus.UNHEALTHY ? 503 : 200;
        // Check names, messages and details name hosts, pools and services: only for authorized clients.
        boolean details = request.authorized();
        String accept = request.header("Accept");
        if (accept != null && accept.contains(HEALTH_JSON)) {
            return Response.json(code, HEALTH_JSON, g -> writeDraft(g, status, details ? states : List.of()))
                    .header("Cache-Control", "no-store");
        }
        return Response.json(code, g -> {
            g.writeStartObject();
            g.writeStringField("status", status.label());
            g.writeStringField("timestamp", Instant.now().toString());
            g.writeNumberField("responseTime", (System.nanoTime() - start) / 1_000_000);
            if (details) {
                writeChecks(g, states);
            }
            writeSummary(g, states);
            health.score().write(g, "score");
            g.writeEndObject();
        }).header("Cache-Control", "no-store");
    }

    private static void writeChecks(JsonGenerator g, List<CheckState> states) throws IOException {
        g.writeObjectFieldStart("checks");
        for (CheckState s : states) {
            g.writeObjectFieldStart(s.name());
            g.writeStringField("status", s.status().label());
            g.writeNumberField("responseTime", s.durationMillis());
            g.writeStringField("message", s.result().message());
            g.writeBooleanField("critical", s.critical());
            g.writeNumberField("age", s.ageMillis());
            s.result().writeDetails(g);
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private void writeSummary(JsonGenerator g, List<CheckState> states) throws IOException {
        int healthy = 0;
        int degraded = 0;
        int unhealthy = 0;
        for (CheckState s : states) {
            switch (s.status()) {
                case HEALTHY:
                    healthy++;
                    break;
                case DEGRADED:
                    degraded++;
                    break;
                default:
                    unhealthy++;
            }
        }
        g.writeObjectFieldStart("summary");
        g.writeNumberField("healthy", healthy);
        g.writeNumberField("degraded", degraded);
        g.writeNumberField("unhealthy", unhealthy);
        g.writeNumberField("total", states.size());
        g.writeNumberField("uptime", context.process().uptimeMillis() / 1000);
        g.writeEndObject();
    }

    /** draft-inadarei-api-health-check: status pass/warn/fail and checks keyed component:measurement. */
    private void writeDraft(JsonGenerator g, HealthStatus status, List<CheckState> states) throws IOException {
        g.writeStartObject();
        g.writeStringField("status", status.draftLabel());
        String version = context.config().get(Keys.SERVICE_VERSION);
        if (!version.isEmpty()) {
            g.writeStringField("version", version);
        }
        g.writeStringField("serviceId", context.serviceName());
        g.writeStringField("description", "health of " + context.serviceName() + " as seen by Vitals");
        g.writeObjectFieldStart("checks");
        for (CheckState s : states) {
            HealthCheck check = s.check();
            g.writeArrayFieldStart(check.component() + ":" + check.measurement());
            g.writeStartObject();
            g.writeStringField("componentId", s.name());
            g.writeStringField("componentType", check.componentType());
            Double observed = s.result().observedValue();
            if (observed != null) {
                g.writeNumberField("observedValue", observed);
                g.writeStringField("observedUnit", s.result().observedUnit());
            } else {
                g.writeNumberField("observedValue", s.durationMillis());
                g.writeStringField("observedUnit", "ms");
            }
            g.writeStringField("status", s.status().draftLabel());
            long takenAt = System.currentTimeMillis() - Math.max(0, s.ageMillis());
            g.writeStringField("time", Instant.ofEpochMilli(takenAt).toString());
            if (s.status() != HealthStatus.HEALTHY) {
                g.writeStringField("output", s.result().message());
            }
            g.writeEndObject();
            g.writeEndArray();
        }
        g.writeArrayFieldStart("uptime");
        g.writeStartObject();
        g.writeStringField("componentType", "system");
        g.writeNumberField("observedValue", context.process().uptimeMillis() / 1000);
        g.writeStringField("observedUnit", "s");
        g.writeStringField("status", "pass");
        g.writeStringField("time", Instant.now().toString());
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
    }

    private Response ready(Request request) {
        HealthService.Readiness r = health.readiness(request.authorized());
        return Response.json(r.ready ? 200 : 503, g -> {
            g.writeStartObject();
            g.writeStringField("status", r.ready ? "ready" : "not_ready");
            g.writeStringField("timestamp", Instant.now().toString());
            g.writeArrayFieldStart("reasons");
            for (String reason : r.reasons) {
                g.writeString(reason);
            }
            g.writeEndArray();
            g.writeEndObject();
        }).header("Cache-Control", "no-store");
    }

    private Response started(Request request) {
        boolean started = health.started();
        return Response.json(started ? 200 : 503, g -> {
            g.writeStartObject();
            g.writeStringField("status", started ? "started" : "starting");
            g.writeStringField("server", dev.vitals.bootstrap.lifecycle.ServerLifecycle.serverName());
            g.writeStringField("timestamp", Instant.now().toString());
            g.writeEndObject();
        }).header("Cache-Control", "no-store");
    }

    private Response status(Request request) {
        List<CheckState> states = health.checks();
        HealthStatus status = HealthService.aggregate(states);
        Liveness.Verdict live = context.liveness().evaluate();
        HealthService.Readiness ready = health.readiness();
        boolean details = request.authorized();
        return Response.json(g -> {
            g.writeStartObject();
            g.writeStringField("status", status.label());
            g.writeStringField("service", context.serviceName());
            g.writeStringField("version", context.config().get(Keys.SERVICE_VERSION));
            g.writeStringField("environment", context.config().get(Keys.ENVIRONMENT));
            g.writeStringField("timestamp", Instant.now().toString());
            g.writeNumberField("uptime", context.process().uptimeMillis() / 1000);
            g.writeBooleanField("live", live.alive);
            g.writeBooleanField("ready", ready.ready);
            if (details) {
                g.writeObjectFieldStart("checks");
                for (CheckState s : states) {
                    g.writeStringField(s.name(), s.status().label());
                }
                g.writeEndObject();
            }
            writeSummary(g, states);
            g.writeEndObject();
        }).header("Cache-Control", "no-store");
    }

    private Response detailed(Request request) {
        List<CheckState> states = health.checks();
        HealthStatus status = HealthService.aggregate(states);
        return Response.json(status == HealthStatus.UNHEALTHY ? 503 : 200, g -> {
            g.writeStartObject();
            g.writeStringField("status", status.label());
            g.writeStringField("timestamp", Instant.now().toString());
            g.writeStringField("service", context.serviceName());
            g.writeObjectFieldStart("checks");
            for (CheckState s : states) {
                HealthCheck check = s.check();
                g.writeObjectFieldStart(s.name());
                g.writeStringField("status", s.status().label());
                g.writeStringField("message", s.result().message());
                g.writeBooleanField("critical", s.critical());
                g.writeNumberField("responseTime", s.durationMillis());
                g.writeNumberField("age", s.ageMillis());
                g.writeNumberField("interval", check.intervalMillis());
                g.writeNumberField("timeout", check.timeoutMillis());
                g.writeObjectFieldStart("circuitBreaker");
                g.writeStringField("state", s.breaker().name());
                g.writeNumberField("consecutiveFailures", s.consecutiveFailures());
                g.writeEndObject();
                if (s.lastError() != null) {
                    g.writeObjectFieldStart("lastError");
                    g.writeStringField("message", Redaction.text(s.lastError()));
                    g.writeStringField("time", Instant.ofEpochMilli(s.lastErrorAtMillis()).toString());
                    g.writeEndObject();
                }
                g.writeObjectFieldStart("details");
                s.result().writeDetails(g);
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndObject();
            writeSummary(g, states);
            g.writeEndObject();
        }).header("Cache-Control", "no-store");
    }
}

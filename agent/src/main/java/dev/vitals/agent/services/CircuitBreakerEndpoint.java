package dev.vitals.agent.services;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.AgentContext;
import dev.vitals.agent.breaker.CircuitBreaker;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.health.Score;
import dev.vitals.agent.web.EndpointGroup;
import dev.vitals.agent.metrics.Snapshot;
import dev.vitals.exporter.Access;
import dev.vitals.exporter.HttpError;
import dev.vitals.exporter.JsonWriter;
import dev.vitals.exporter.HttpExporter;
import dev.vitals.exporter.Request;
import dev.vitals.exporter.Response;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /health/circuit-breakers?service=&window=}: for each external service, the circuit-breaker
 * figures (state, failure rate, consecutive failures, average latency, throughput) with the recent transitions,
 * and the application's Resilience4j breakers. {@code service} narrows the answer to one (404 when unknown);
 * {@code window} is in milliseconds.
 */
final class CircuitBreakerEndpoint implements EndpointGroup {
    private static final int MAX_SERVICE_PARAM = 253;

    private final AgentContext context;
    private final Services services;

    CircuitBreakerEndpoint(AgentContext context, Services services) {
        this.context = context;
        this.services = services;
    }

    @Override
    public void register(HttpExporter.Builder http) {
        http.route("GET", "/health/circuit-breakers", Access.PROTECTED, this::breakers);
    }

    private Response breakers(Request request) {
        long window = request.queryLong("window", context.config().get(Keys.WINDOW), 1_000, 86_400_000L);
        String service = request.query("service");
        if (service != null && service.isEmpty()) {
            service = null;
        }
        if (service != null && !validParam(service)) {
            throw HttpError.badRequest("query parameter 'service' must be a service name or host (letters, digits, "
                    + "'.', '_', '-', ':'; at most " + MAX_SERVICE_PARAM + " characters)");
        }
        List<ServiceState> states = new ArrayList<>();
        List<Resilience4jBreakers.Entry> r4j = new ArrayList<>();
        for (ServiceState s : services.all()) {
            if (service == null || s.name().equals(service)) {
                states.add(s);
            }
        }
        for (Resilience4jBreakers.Entry e : services.resilience4j().all()) {
            if (service == null || e.name().equals(service)) {
                r4j.add(e);
            }
        }
        if (service != null && states.isEmpty() && r4j.isEmpty()) {
            throw HttpError.notFound("no circuit breaker for service '" + service + "'; known: " + known());
        }
        return Response.json(figures(states, r4j, window)).header("Cache-Control", "no-store");
    }

    /** The live stream's {@code circuit-breakers} group: every service, the default window. */
    JsonWriter streamGroup() {
        return g -> figures(services.all(), services.resilience4j().all(), context.config().get(Keys.WINDOW)).write(g);
    }

    private static JsonWriter figures(List<ServiceState> states, List<Resilience4jBreakers.Entry> r4j, long window) {
        long now = System.currentTimeMillis();
        return g -> {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.ofEpochMilli(now).toString());
            g.writeNumberField("window", window);
            health(states, r4j).write(g, "health");
            g.writeArrayFieldStart("circuits");
            for (ServiceState s : states) {
                writeView(g, s, window, now);
            }
            for (Resilience4jBreakers.Entry e : r4j) {
                writeResilience4j(g, e);
            }
            g.writeEndArray();
            g.writeEndObject();
        };
    }

    private String known() {
        List<String> names = new ArrayList<>();
        for (ServiceState s : services.all()) {
            names.add(s.name());
        }
        for (Resilience4jBreakers.Entry e : services.resilience4j().all()) {
            if (!names.contains(e.name())) {
                names.add(e.name());
            }
        }
        String joined = String.join(", ", names);
        return names.isEmpty() ? "none yet" : joined.length() > 400 ? joined.substring(0, 400) + "..." : joined;
    }

    static boolean validParam(String s) {
        if (s.length() > MAX_SERVICE_PARAM) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-' || c == ':';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The breakers' part of the service's score; null before any service or breaker is seen. */
    Score score() {
        List<ServiceState> states = services.all();
        List<Resilience4jBreakers.Entry> r4j = services.resilience4j().all();
        return states.isEmpty() && r4j.isEmpty() ? null : health(states, r4j);
    }

    /** The health block: a 0-100 score with the issues that lowered it. */
    private static Score health(List<ServiceState> states, List<Resilience4jBreakers.Entry> r4j) {
        Score.Builder b = Score.builder();
        for (ServiceState s : states) {
            if (s.state() == CircuitBreaker.State.OPEN) {
                b.deduct(40, s.name() + " circuit is OPEN (" + s.consecutiveFailures() + " consecutive failures)",
                        "check " + s.name() + "'s availability and the application's fallback for it");
            } else if (s.state() == CircuitBreaker.State.HALF_OPEN) {
                b.deduct(20, s.name() + " circuit is HALF_OPEN (trial in progress)", null);
            }
        }
        for (Resilience4jBreakers.Entry e : r4j) {
            String st = e.state();
            if (st.equals("OPEN") || st.equals("FORCED_OPEN")) {
                b.deduct(40, "resilience4j breaker " + e.name() + " is " + st, null);
            } else if (st.equals("HALF_OPEN")) {
                b.deduct(20, "resilience4j breaker " + e.name() + " is HALF_OPEN", null);
            }
        }
        return b.build();
    }

    private static void writeView(JsonGenerator g, ServiceState s, long window, long now) throws IOException {
        Snapshot calls = s.calls(window, now);
        Snapshot failed = s.failures(window, now);
        double failureRate = calls.count() == 0 ? 0 : (double) failed.count() / calls.count();
        // A service first seen 20 s ago has 20 s of calls, not a whole window's.
        long covered = Math.max(1_000, Math.min(window, now - s.createdAtMillis()));
        double throughput = calls.count() / (covered / 1000.0);
        double avgLatency = calls.count() == 0 ? 0 : calls.meanMillis();
        g.writeStartObject();
        g.writeStringField("service", s.name());
        g.writeStringField("source", "vitals");
        g.writeStringField("state", s.state().name());
        g.writeNumberField("failureRate", round(failureRate, 4));
        g.writeNumberField("consecutiveFailures", s.consecutiveFailures());
        g.writeNumberField("avgLatency", round(avgLatency, 1));
        g.writeNumberField("throughput", round(throughput, 3));
        g.writeObjectFieldStart("metrics");
        g.writeStringField("state", s.state().name());
        g.writeNumberField("failureRate", round(failureRate, 4));
        g.writeNumberField("avgLatency", round(avgLatency, 1));
        g.writeNumberField("consecutiveFailures", s.consecutiveFailures());
        g.writeNumberField("p95", round(calls.count() == 0 ? 0 : calls.p95(), 1));
        g.writeEndObject();
        g.writeNumberField("calls", calls.count());
        g.writeNumberField("failures", failed.count());
        g.writeNumberField("totalCalls", s.totalCalls());
        g.writeNumberField("totalFailures", s.totalFailures());
        if (s.state() != CircuitBreaker.State.CLOSED) {
            g.writeStringField("openedAt", Instant.ofEpochMilli(s.openedAtMillis()).toString());
            g.writeNumberField("nextTrialIn", s.millisUntilTrial());
        }
        if (s.lastFailure() != null) {
            g.writeObjectFieldStart("lastFailure");
            g.writeStringField("type", s.lastFailure());
            g.writeStringField("time", Instant.ofEpochMilli(s.lastFailureAtMillis()).toString());
            g.writeEndObject();
        }
        g.writeObjectFieldStart("config");
        g.writeNumberField("failureThreshold", s.failureThreshold());
        g.writeNumberField("recoveryTime", s.recoveryMillis());
        g.writeNumberField("slowCallThreshold", s.slowCallMillis());
        g.writeEndObject();
        g.writeArrayFieldStart("transitions");
        for (CircuitBreaker.Transition t : s.transitions()) {
            g.writeStartObject();
            g.writeStringField("from", t.from.name());
            g.writeStringField("to", t.to.name());
            g.writeStringField("reason", t.reason);
            g.writeStringField("timestamp", Instant.ofEpochMilli(t.atMillis).toString());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeResilience4j(JsonGenerator g, Resilience4jBreakers.Entry e) throws IOException {
        Double rate = e.failureRate();
        Long buffered = e.number("getNumberOfBufferedCalls");
        Long failed = e.number("getNumberOfFailedCalls");
        Long notPermitted = e.number("getNumberOfNotPermittedCalls");
        g.writeStartObject();
        g.writeStringField("service", e.name());
        g.writeStringField("source", "resilience4j");
        g.writeStringField("state", e.state());
        // Resilience4j reports percent, -1 until its window has enough calls; this view uses a fraction.
        g.writeNumberField("failureRate", rate == null || rate < 0 ? 0 : round(rate / 100.0, 4));
        if (buffered != null) {
            g.writeNumberField("bufferedCalls", buffered);
        }
        if (failed != null) {
            g.writeNumberField("failedCalls", failed);
        }
        if (notPermitted != null) {
            g.writeNumberField("notPermittedCalls", notPermitted);
        }
        g.writeArrayFieldStart("transitions");
        for (String[] t : e.transitions()) {
            g.writeStartObject();
            g.writeStringField("from", t[0]);
            g.writeStringField("to", t[1]);
            g.writeStringField("reason", t[2]);
            g.writeStringField("timestamp", Instant.ofEpochMilli(Long.parseLong(t[3])).toString());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static double round(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return 0;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}

package dev.vitals.it.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Await;
import dev.vitals.it.HttpResult;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Small helpers for driving the alert API of a child JVM. */
final class Alerts {
    static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    static final Duration TIMEOUT = Await.TIMEOUT;

    private Alerts() {
    }

    /** An idle application whose agent evaluates every 200 ms; more agent arguments as key, value pairs. */
    static AgentProcess.Builder idleApp(String... keyValues) {
        AgentProcess.Builder b = AgentProcess.main(IdleApp.class)
                .agentArg("exporter.host", "127.0.0.1")
                .agentArg("alerts.interval", "200ms")
                .agentArg("log.level", "debug");
        for (int i = 0; i < keyValues.length; i += 2) {
            b.agentArg(keyValues[i], keyValues[i + 1]);
        }
        return b;
    }

    static JsonNode createRule(AgentProcess p, String body) {
        HttpResult r = p.post("/alerts/rules", body, JSON);
        assertEquals(201, r.status(), r.toString());
        return r.json();
    }

    static void record(AgentProcess p, String metric, double value) {
        HttpResult r = p.post("/metrics/custom", "{\"metricType\":\"" + metric + "\",\"value\":" + value + "}", JSON);
        assertEquals(201, r.status(), r.toString());
    }

    /** Polls {@code path} until its JSON matches, failing with the last answer after {@link #TIMEOUT}. */
    static JsonNode awaitJson(AgentProcess p, String path, Predicate<JsonNode> until) {
        return Await.until("GET " + path + " to match", TIMEOUT, () -> p.get(path),
                r -> r.status() == 200 && until.test(r.json()), p::describe).json();
    }

    /** The active alert of a rule, or null. */
    static JsonNode activeOf(JsonNode active, String ruleId) {
        for (JsonNode a : active.path("alerts")) {
            if (a.path("ruleId").asText().equals(ruleId)) {
                return a;
            }
        }
        return null;
    }
}

package dev.vitals.it.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.HttpResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.vitals.it.alerts.Alerts.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rule CRUD through the real listener: the documented shapes accepted, every bad field a 400 that names it. */
class RuleValidationTest {
    private static AgentProcess agent;

    @BeforeAll
    static void start() {
        agent = Alerts.idleApp().start();
        agent.agentPort();
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void documentedRuleIsAcceptedAsPostedAndUpdated() {
        HttpResult created = agent.post("/alerts/rules", """
                {
                  "name": "High Response Time",
                  "metricType": "response_time",
                  "condition": "greater_than",
                  "threshold": 1000,
                  "duration": 300,
                  "enabled": true,
                  "recipients": ["admin@codementor-ai.com"],
                  "cooldownPeriod": 1800
                }""", JSON);
        assertEquals(201, created.status(), created.toString());
        JsonNode rule = created.json();
        String id = rule.path("id").asText();
        assertEquals("/alerts/rules/" + id, created.header("Location"));
        assertEquals("warning", rule.path("severity").asText(), "default severity");
        assertEquals(300, rule.path("duration").asInt());
        assertEquals(1800, rule.path("cooldownPeriod").asInt());
        assertEquals("admin@codementor-ai.com", rule.path("recipients").get(0).asText());

        HttpResult updated = agent.send("PUT", "/alerts/rules/" + id, "{\"threshold\": 800, \"enabled\": false}", JSON);
        assertEquals(200, updated.status(), updated.toString());
        assertEquals(800, updated.json().path("threshold").asDouble());
        assertEquals(false, updated.json().path("enabled").asBoolean());
        assertEquals("response_time", updated.json().path("metricType").asText(), "other fields kept");
        assertEquals(300, updated.json().path("duration").asInt());

        JsonNode listed = agent.get("/alerts/rules").json();
        assertTrue(listed.path("rules").findValues("id").stream().anyMatch(n -> n.asText().equals(id)), listed.toString());
        assertEquals("disabled", agent.get("/alerts/rules/" + id).json().path("state").asText());

        HttpResult deleted = agent.send("DELETE", "/alerts/rules/" + id, null, JSON);
        assertEquals(200, deleted.status(), deleted.toString());
        assertEquals(404, agent.get("/alerts/rules/" + id).status());
        assertEquals(404, agent.send("DELETE", "/alerts/rules/" + id, null, JSON).status());
        assertEquals(404, agent.send("PUT", "/alerts/rules/" + id, "{\"threshold\": 1}", JSON).status());
    }

    @Test
    void genericSubjectsPerRoutePrometheusRatioAndCustom() {
        assertEquals(201, agent.post("/alerts/rules", """
                {"name": "Slow checkout", "metricType": "response_time_p99", "route": "POST:/api/orders",
                 "condition": "greater_than", "threshold": 1500, "duration": 60, "severity": "critical"}""", JSON).status());
        assertEquals(201, agent.post("/alerts/rules", """
                {"name": "Pool waiting", "metricType": "db_client_connection_pending_requests",
                 "matchers": {"pool_name": "main"}, "condition": "greater_than", "threshold": 5}""", JSON).status());
        assertEquals(201, agent.post("/alerts/rules", """
                {"name": "Low hit rate", "metricType": "vitals_cache_requests_total",
                 "matchers": {"keyspace": "product", "result": "hit"},
                 "denominator": {"metricType": "vitals_cache_requests_total", "matchers": {"keyspace": "product"}},
                 "condition": "less_than", "threshold": 0.8}""", JSON).status());
        assertEquals(201, agent.post("/alerts/rules", """
                {"name": "Breaker open", "metricType": "vitals_circuit_breaker_state",
                 "matchers": {"service": "stripe", "state": "open"}, "condition": "equals", "threshold": 1,
                 "severity": "critical"}""", JSON).status());
        assertEquals(201, agent.post("/alerts/rules", """
                {"name": "Threads", "metricType": "jvm_thread_count", "condition": "greater_than", "threshold": 5000,
                 "aggregation": "max"}""", JSON).status());
        Alerts.record(agent, "project_created", 1);
        assertEquals(201, agent.post("/alerts/rules", """
                {"name": "High Project Creation Rate", "metricType": "project_created", "condition": "greater_than",
                 "threshold": 10, "duration": 300, "enabled": true, "recipients": ["admin@codementor-ai.com"],
                 "cooldownPeriod": 3600, "aggregation": "sum"}""", JSON).status());
    }

    @Test
    void badBodiesAndParametersAre4xxNamingTheField() {
        String ok = "\"name\":\"x\",\"metricType\":\"error_rate\",\"condition\":\"greater_than\",\"threshold\":5";
        assertBad("{\"name\":\"x\",\"metricType\":\"no_such_metric\",\"condition\":\"greater_than\",\"threshold\":5}",
                "metricType: unknown metric 'no_such_metric'");
        assertBad("{" + ok + ",\"duration\":-5}", "duration: must be a number of seconds");
        assertBad("{" + ok + ",\"cooldownPeriod\":\"soon\"}", "cooldownPeriod: must be a number of seconds");
        assertBad("{\"name\":\"x\",\"metricType\":\"error_rate\",\"condition\":\"bigger\",\"threshold\":5}",
                "condition: required, one of greater_than, less_than, equals; got 'bigger'");
        assertBad("{\"name\":\"x\",\"metricType\":\"error_rate\",\"condition\":\"greater_than\"}", "threshold: required");
        assertBad("{" + ok + ",\"severity\":\"panic\"}", "severity: must be one of info, warning, critical, emergency");
        assertBad("{" + ok + ",\"enabled\":\"yes\"}", "enabled: must be true or false");
        assertBad("{" + ok + ",\"recipients\":\"ops@example.com\"}", "recipients: must be an array of strings");
        assertBad("{" + ok + ",\"labels\":{\"bad-name\":\"v\"}}", "labels: label name 'bad-name'");
        assertBad("{" + ok + ",\"thresold\":5}", "thresold: unknown field");
        assertBad("{" + ok + ",\"route\":\"/no-method\"}", "route: must be METHOD:/path");
        assertBad("{\"name\":\"x\",\"metricType\":\"memory_used\",\"route\":\"GET:/a\",\"condition\":\"greater_than\",\"threshold\":5}",
                "metricType: 'memory_used' does not take a route");
        assertBad("{" + ok + ",\"name\":\"y\"}", "name: appears twice");
        assertBad("{\"name\": \"x\", ", "body: ");
        assertBad("[1, 2]", "body: expected a JSON object");
        assertBad("", "body: expected a JSON object, got an empty body");
        assertBad("{" + ok + ",\"aggregation\":\"median\"}", "aggregation: must be one of");

        HttpResult huge = agent.post("/alerts/rules", "{\"name\":\"" + "x".repeat(70 * 1024) + "\"}", JSON);
        assertEquals(413, huge.status(), huge.toString());
        assertTrue(huge.json().has("error"), huge.toString());

        HttpResult limit = agent.get("/alerts/history?limit=abc");
        assertEquals(400, limit.status(), limit.toString());
        assertTrue(limit.json().path("detail").asText().contains("limit"), limit.toString());
        assertEquals(400, agent.get("/alerts/history?limit=0").status());
        HttpResult types = agent.get("/metrics/realtime?types=nonsense_type");
        assertEquals(400, types.status(), types.toString());
        assertTrue(types.json().path("detail").asText().startsWith("types: unknown metric type 'nonsense_type'"), types.toString());

        HttpResult custom = agent.post("/metrics/custom", "{\"metricType\":\"x\",\"value\":\"high\"}", JSON);
        assertEquals(400, custom.status(), custom.toString());
        assertTrue(custom.json().path("detail").asText().startsWith("value: required, a finite number"), custom.toString());
        HttpResult ts = agent.post("/metrics/custom", "{\"metricType\":\"x\",\"value\":1,\"timestamp\":\"yesterday\"}", JSON);
        assertEquals(400, ts.status(), ts.toString());
        assertTrue(ts.json().path("detail").asText().startsWith("timestamp: must be an ISO-8601 instant"), ts.toString());
    }

    @Test
    void customMetricsInDocumentedShapeAndRealtime() {
        HttpResult r = agent.post("/metrics/custom", """
                {"metricType": "checkout_value", "value": 250, "unit": "ms",
                 "tags": {"endpoint": "/api/projects", "method": "GET"}, "timestamp": "%s"}"""
                .formatted(java.time.Instant.now().toString()), JSON);
        assertEquals(201, r.status(), r.toString());
        JsonNode rt = agent.get("/metrics/realtime?types=response_time,error_rate,checkout_value").json();
        assertEquals("response_time", rt.path("response_time").get(0).path("metricType").asText(), rt.toString());
        assertEquals("ms", rt.path("response_time").get(0).path("unit").asText());
        assertEquals("percent", rt.path("error_rate").get(0).path("unit").asText());
        JsonNode point = rt.path("checkout_value").get(0);
        assertEquals(250, point.path("value").asDouble(), rt.toString());
        assertEquals("ms", point.path("unit").asText());
        assertEquals("/api/projects", point.path("tags").path("endpoint").asText());
    }

    @Test
    void configurationSetsTheDefaultsAndWritesNeedTheToken() {
        try (AgentProcess secured = Alerts.idleApp("auth.token", "t0ken-for-test", "alerts.response.warning", "800ms",
                "alerts.error.rate.critical", "20", "alerts.memory.warning", "256MB").start()) {
            java.util.Map<String, String> bearer = java.util.Map.of("Authorization", "Bearer t0ken-for-test");
            assertEquals(401, secured.get("/health/alerts").status(), "rules and alerts name recipients: protected");
            JsonNode thresholds = secured.get("/health/alerts", bearer).json().path("thresholds");
            assertEquals(800, thresholds.path("responseTime").path("warning").asDouble(), thresholds.toString());
            assertEquals(20, thresholds.path("errorRate").path("critical").asDouble());
            assertEquals(256, thresholds.path("memoryUsage").path("warning").asDouble());
            assertEquals(800, secured.get("/alerts/rules/default-high-response-time", bearer).json().path("rule").path("threshold").asDouble());
            String body = "{\"name\":\"x\",\"metricType\":\"error_rate\",\"condition\":\"greater_than\",\"threshold\":5}";
            HttpResult anonymous = secured.post("/alerts/rules", body, JSON);
            assertEquals(401, anonymous.status(), anonymous.toString());
            assertEquals(401, secured.send("DELETE", "/alerts/rules/default-high-response-time", null, JSON).status());
            assertEquals(401, secured.post("/alerts/x/acknowledge", "", JSON).status());
            HttpResult withToken = secured.post("/alerts/rules", body,
                    java.util.Map.of("Content-Type", "application/json", "Authorization", "Bearer t0ken-for-test"));
            assertEquals(201, withToken.status(), withToken.toString());
        }
    }

    private static void assertBad(String body, String detailStart) {
        HttpResult r = agent.post("/alerts/rules", body, JSON);
        assertEquals(400, r.status(), body + " -> " + r);
        assertEquals("bad_request", r.json().path("error").asText(), r.toString());
        assertTrue(r.json().path("detail").asText().startsWith(detailStart),
                "expected detail starting with '" + detailStart + "', got " + r.json().path("detail").asText());
    }
}

package dev.vitals.it.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Await;
import dev.vitals.it.HttpResult;
import dev.vitals.it.Promtool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static dev.vitals.it.alerts.Alerts.JSON;
import static dev.vitals.it.alerts.Alerts.activeOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Values posted to {@code /metrics/custom} in a real agent (an idle JVM): exposed in {@code /metrics} as a
 * counter, a gauge and a histogram that the real {@code promtool check metrics} accepts, rolled into history and
 * the performance report, kept across a {@code kill -9} and restart on the same data directory, and usable by a
 * rule created before the metric's first value.
 */
class CustomMetricsTest {
    private AgentProcess agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    private static AgentProcess start(Path data) {
        return Alerts.idleApp("data.dir", data.toString(), "alerts.defaults", "false", "history.interval", "5s").start();
    }

    private void post(String body) {
        HttpResult r = agent.post("/metrics/custom", body, JSON);
        assertEquals(201, r.status(), r.toString());
    }

    private String metrics() {
        HttpResult r = agent.get("/metrics");
        assertEquals(200, r.status(), r.toString());
        return r.body();
    }

    /** The report's custom figure of a family once the history holds it with at least {@code min} in {@code field}. */
    private JsonNode reported(String family, String field, double min) {
        return Alerts.awaitJson(agent, "/reports/performance?period=hourly",
                j -> j.path("custom").path(family).path(field).asDouble() >= min).path("custom").path(family);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void customCounterGaugeAndHistogramInMetricsHistoryAndAcrossARestart() throws Exception {
        Path data = AgentProcess.tempDir("custom-metrics-");
        agent = start(data);

        // A rule on a metric nobody has posted yet: accepted, and "no data" until the first value.
        String ruleId = Alerts.createRule(agent, """
                {"name": "Queue too deep", "metricType": "custom:queue_depth", "condition": "greater_than",
                 "threshold": 10, "duration": 0, "severity": "warning"}""").path("id").asText();
        Thread.sleep(1_000); // five evaluation rounds on no data
        JsonNode before = agent.get("/alerts/rules/" + ruleId).json();
        assertEquals("inactive", before.path("state").asText(), before.toString());
        assertTrue(before.path("lastValue").isNull(), before.toString());

        // The documented body, whose name is also a built-in subject, and one of each kind.
        post("""
                {"metricType": "response_time", "value": 250, "unit": "ms",
                 "tags": {"endpoint": "/api/projects", "method": "GET"}, "timestamp": "%s"}""".formatted(Instant.now()));
        post("""
                [{"metricType": "orders.placed", "kind": "counter", "value": 2, "unit": "count", "tags": {"region": "eu"}},
                 {"metricType": "orders.placed", "kind": "counter", "value": 1, "tags": {"region": "eu"}},
                 {"metricType": "checkout", "kind": "histogram", "value": 120, "unit": "ms"},
                 {"metricType": "checkout", "kind": "histogram", "value": 80, "unit": "ms"},
                 {"metricType": "queueDepth", "value": 25, "tags": {"le": "x"}}]""");

        JsonNode fired = Alerts.awaitJson(agent, "/alerts/active", j -> activeOf(j, ruleId) != null);
        assertEquals(25, activeOf(fired, ruleId).path("current").asDouble(), fired.toString());

        String text = metrics();
        assertTrue(text.contains("vitals_custom_response_time_seconds{endpoint=\"/api/projects\",method=\"GET\"} 0.25"), text);
        assertTrue(text.contains("vitals_custom_orders_placed_total{region=\"eu\"} 3"), text);
        assertTrue(text.contains("vitals_custom_checkout_seconds_count 2"), text);
        assertTrue(text.contains("vitals_custom_queue_depth{tag_le=\"x\"} 25"), text);
        Promtool.assertPasses(text, "vitals_custom_");
        JsonNode realtime = agent.get("/metrics/realtime").json();
        assertEquals(250, realtime.path("custom:response_time").get(0).path("value").asDouble(), realtime.toString());

        // In history, and so in the performance report.
        assertEquals(3, reported("vitals_custom_orders_placed_total", "increase", 3).path("increase").asLong());
        assertEquals(2, reported("vitals_custom_checkout_seconds", "count", 2).path("count").asLong());
        assertEquals(25, reported("vitals_custom_queue_depth", "max", 25).path("max").asDouble());

        // Written within an evaluation round of the values reaching the lifetime totals (the next 5 s slice);
        // kill -9 and start again on the same data directory.
        Path stored = data.resolve("alerts").resolve("custom-metrics.json");
        Await.until("custom metrics written to " + stored, Alerts.TIMEOUT,
                () -> read(stored), s -> s.contains("\"sumNanos\":200000000"), agent::describe);
        agent.kill9();
        agent = start(data);
        String restarted = metrics();
        assertTrue(restarted.contains("vitals_custom_orders_placed_total{region=\"eu\"} 3"), restarted);
        assertTrue(restarted.contains("vitals_custom_checkout_seconds_count 2"), restarted);
        assertTrue(restarted.contains("vitals_custom_response_time_seconds{endpoint=\"/api/projects\",method=\"GET\"} 0.25"), restarted);
        Promtool.assertPasses(restarted, "vitals_custom_");

        // History counts the restored total once: one more order after the restart makes 4, not 7.
        post("{\"metricType\": \"orders.placed\", \"kind\": \"counter\", \"value\": 1, \"tags\": {\"region\": \"eu\"}}");
        assertTrue(metrics().contains("vitals_custom_orders_placed_total{region=\"eu\"} 4"));
        JsonNode orders = reported("vitals_custom_orders_placed_total", "increase", 4);
        assertEquals(4, orders.path("increase").asLong(), orders.toString());
        assertNotNull(agent.get("/alerts/rules/" + ruleId).json().path("rule"), "the rule survives too");
    }
}

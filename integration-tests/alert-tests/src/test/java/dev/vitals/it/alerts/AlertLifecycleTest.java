package dev.vitals.it.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.HttpResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static dev.vitals.it.alerts.Alerts.JSON;
import static dev.vitals.it.alerts.Alerts.activeOf;
import static dev.vitals.it.alerts.Alerts.awaitJson;
import static dev.vitals.it.alerts.Alerts.createRule;
import static dev.vitals.it.alerts.Alerts.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rule's life in a real agent: pending for its duration, firing, notified once per cooldown, acknowledged,
 * resolved through the API or by itself, with the generic webhook (signature checked) and a Slack-shaped
 * receiver getting the exact payloads.
 */
class AlertLifecycleTest {
    /** Standard Webhooks' own example secret format: whsec_ + base64 of the key. */
    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("vitals-test-key-0123456789".getBytes(StandardCharsets.UTF_8));

    private static Receiver webhook;
    private static Receiver slack;
    private static AgentProcess agent;

    @BeforeAll
    static void start() {
        webhook = new Receiver();
        slack = new Receiver();
        agent = Alerts.idleApp("service.name", "lifecycle", "environment", "test")
                .systemProperty("vitals.alerts.webhook.url", webhook.url("/hooks/vitals"))
                .systemProperty("vitals.alerts.webhook.secret", SECRET)
                .systemProperty("vitals.alerts.slack.url", slack.url("/services/T000/B000/XXXX"))
                .start();
        agent.agentPort();
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.close();
        }
        if (webhook != null) {
            webhook.close();
        }
        if (slack != null) {
            slack.close();
        }
    }

    static boolean isType(Receiver.Received r, String type, String ruleName) {
        JsonNode j = r.json();
        return j.path("type").asText().equals(type) && j.path("alert").path("ruleName").asText().equals(ruleName);
    }

    @Test
    void firesAfterTheDurationNotifiesOncePerCooldownAndResolvesItself() throws Exception {
        JsonNode rule = createRule(agent, """
                {"name": "Queue Too Deep", "metricType": "queue_depth_lifecycle", "condition": "greater_than",
                 "threshold": 10, "duration": 2, "cooldownPeriod": 600, "severity": "critical",
                 "labels": {"team": "shop"}, "recipients": ["ops@example.com"]}""".replace("queue_depth_lifecycle", registered("queue_depth_lifecycle")));
        String id = rule.path("id").asText();
        assertEquals("critical", rule.path("severity").asText(), rule.toString());
        assertEquals(600, rule.path("cooldownPeriod").asInt(), rule.toString());

        long conditionSince = System.currentTimeMillis();
        record(agent, "queue_depth_lifecycle", 50);
        // Pending first: the condition holds but has not held for 2 s.
        JsonNode pending = awaitJson(agent, "/alerts/rules/" + id, j -> !j.path("state").asText().equals("inactive"));
        assertEquals("pending", pending.path("state").asText(), pending.toString());
        assertNull(activeOf(agent.get("/alerts/active").json(), id), "no alert while pending");

        JsonNode active = awaitJson(agent, "/alerts/active", j -> activeOf(j, id) != null);
        JsonNode alert = activeOf(active, id);
        long startsAt = Instant.parse(alert.path("startsAt").asText()).toEpochMilli();
        long firedAt = Instant.parse(alert.path("firedAt").asText()).toEpochMilli();
        assertTrue(firedAt - startsAt >= 2000, "fired " + (firedAt - startsAt) + " ms after the condition began: " + alert);
        assertTrue(firedAt - conditionSince >= 2000, alert.toString());
        assertEquals("firing", alert.path("status").asText());
        assertEquals(50, alert.path("current").asDouble());
        assertEquals(10, alert.path("threshold").asDouble());
        assertEquals("shop", alert.path("labels").path("team").asText());

        // The webhook got exactly the firing, signed.
        Receiver.Received fired = webhook.await(r -> isType(r, "alert.firing", "Queue Too Deep"), 1, Alerts.TIMEOUT).get(0);
        assertTrue(fired.receivedAt() >= firedAt - 50, "notified before firing");
        assertEquals("/hooks/vitals", fired.path());
        assertSignature(fired);
        JsonNode body = fired.json();
        assertEquals("lifecycle", body.path("service").asText());
        assertEquals("test", body.path("environment").asText());
        assertEquals("ops@example.com", body.path("recipients").get(0).asText());
        assertEquals(alert.path("id").asText(), body.path("alert").path("id").asText());
        assertEquals("critical", body.path("alert").path("severity").asText());
        assertTrue(body.path("url").asText().endsWith("/alerts/active"), body.toString());

        // Slack got text and blocks.
        Receiver.Received slackMsg = slack.await(r -> r.text().contains("Queue Too Deep"), 1, Alerts.TIMEOUT).get(0);
        JsonNode s = slackMsg.json();
        assertTrue(s.path("text").asText().contains("[FIRING critical] Queue Too Deep (lifecycle)"), s.toString());
        assertEquals("header", s.path("blocks").get(0).path("type").asText(), s.toString());
        assertEquals("plain_text", s.path("blocks").get(0).path("text").path("type").asText());
        assertEquals("section", s.path("blocks").get(1).path("type").asText());
        assertTrue(s.path("blocks").get(1).path("text").path("text").asText().contains("50"), s.toString());
        assertEquals("context", s.path("blocks").get(2).path("type").asText());

        // Condition stops: resolved automatically, resolution notified.
        record(agent, "queue_depth_lifecycle", 1);
        webhook.await(r -> isType(r, "alert.resolved", "Queue Too Deep"), 1, Alerts.TIMEOUT);
        JsonNode history = awaitJson(agent, "/alerts/history?limit=50",
                j -> j.path("alerts").findValues("id").stream().anyMatch(n -> n.asText().equals(alert.path("id").asText())));
        JsonNode resolved = null;
        for (JsonNode a : history.path("alerts")) {
            if (a.path("id").asText().equals(alert.path("id").asText())) {
                resolved = a;
            }
        }
        assertNotNull(resolved);
        assertEquals("resolved", resolved.path("status").asText(), resolved.toString());
        assertEquals("auto", resolved.path("resolvedBy").asText(), resolved.toString());
        slack.await(r -> r.text().contains("RESOLVED") && r.text().contains("Queue Too Deep"), 1, Alerts.TIMEOUT);

        // Fires again inside the 600 s cooldown: recorded, but nobody is notified again.
        record(agent, "queue_depth_lifecycle", 60);
        JsonNode again = awaitJson(agent, "/alerts/active", j -> activeOf(j, id) != null);
        assertTrue(!activeOf(again, id).path("id").asText().equals(alert.path("id").asText()), "a new alert");
        assertReportListsLikeTheApi(resolved);
        assertReportListsLikeTheApi(activeOf(again, id));
        assertEquals(0, activeOf(again, id).path("notifications").asInt(), again.toString());
        Thread.sleep(1500); // several evaluation rounds: give a wrong notification the chance to arrive
        assertEquals(1, webhook.count(r -> isType(r, "alert.firing", "Queue Too Deep")), "re-notified within cooldown");
        assertEquals(1, slack.count(r -> r.text().contains("FIRING") && r.text().contains("Queue Too Deep")));
        record(agent, "queue_depth_lifecycle", 0);
        awaitJson(agent, "/alerts/active", j -> activeOf(j, id) == null);
    }

    /** The performance report lists the alert with the API's figures in the report's own fields and order. */
    private static void assertReportListsLikeTheApi(JsonNode apiAlert) {
        String alertId = apiAlert.path("id").asText();
        JsonNode report = awaitJson(agent, "/reports/performance?period=hourly",
                j -> j.path("alertsAvailable").asBoolean() && byId(j.path("alerts"), alertId) != null);
        JsonNode listed = byId(report.path("alerts"), alertId);
        List<String> fields = new ArrayList<>();
        listed.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("id", "name", "severity", "metricType", "status", "message", "value", "threshold",
                "triggeredAt", "resolvedAt"), fields, listed.toString());
        assertEquals(apiAlert.path("ruleName").asText(), listed.path("name").asText(), listed.toString());
        for (String same : new String[] {"severity", "metricType", "status", "message"}) {
            assertEquals(apiAlert.path(same).asText(), listed.path(same).asText(), same + ": " + listed);
        }
        assertEquals(apiAlert.path("current").asDouble(), listed.path("value").asDouble(), listed.toString());
        assertEquals(apiAlert.path("threshold").asDouble(), listed.path("threshold").asDouble(), listed.toString());
        assertEquals(apiAlert.path("firedAt").asText(), listed.path("triggeredAt").asText(), listed.toString());
        if (apiAlert.has("resolvedAt")) {
            assertEquals(apiAlert.path("resolvedAt").asText(), listed.path("resolvedAt").asText(), listed.toString());
        } else {
            assertTrue(listed.get("resolvedAt").isNull(), "an active alert's resolvedAt is null: " + listed);
        }
    }

    private static JsonNode byId(JsonNode alerts, String alertId) {
        for (JsonNode a : alerts) {
            if (a.path("id").asText().equals(alertId)) {
                return a;
            }
        }
        return null;
    }

    @Test
    void acknowledgedAlertKeepsFiringButStopsNotifyingAndResolveEndsIt() throws Exception {
        JsonNode rule = createRule(agent, """
                {"name": "Backlog", "metricType": "backlog_ack", "condition": "greater_than", "threshold": 5,
                 "duration": 0, "cooldownPeriod": 1, "severity": "warning"}""".replace("backlog_ack", registered("backlog_ack")));
        String id = rule.path("id").asText();
        record(agent, "backlog_ack", 9);
        JsonNode alert = activeOf(awaitJson(agent, "/alerts/active", j -> activeOf(j, id) != null), id);
        String alertId = alert.path("id").asText();
        // With a 1 s cooldown the firing alert is repeated...
        webhook.await(r -> isType(r, "alert.repeat", "Backlog"), 1, Alerts.TIMEOUT);

        HttpResult ack = agent.post("/alerts/" + alertId + "/acknowledge", "", JSON);
        assertEquals(200, ack.status(), ack.toString());
        assertEquals("acknowledged", ack.json().path("status").asText());
        assertNotNull(ack.json().get("acknowledgedAt"));
        Thread.sleep(500); // a repeat already handed to the channel before the acknowledgement may still arrive
        long notifiedAtAck = webhook.count(r -> r.json().path("alert").path("ruleName").asText().equals("Backlog"));
        // ...until acknowledged: still active, no more notifications.
        Thread.sleep(2500);
        JsonNode still = activeOf(agent.get("/alerts/active").json(), id);
        assertNotNull(still, "an acknowledged alert stays active");
        assertEquals("acknowledged", still.path("status").asText());
        assertEquals(notifiedAtAck, webhook.count(r -> r.json().path("alert").path("ruleName").asText().equals("Backlog")),
                "notified after acknowledge");

        HttpResult resolve = agent.post("/alerts/" + alertId + "/resolve", "", JSON);
        assertEquals(200, resolve.status(), resolve.toString());
        assertEquals("resolved", resolve.json().path("status").asText());
        assertEquals("api", resolve.json().path("resolvedBy").asText());
        assertNull(activeOf(agent.get("/alerts/active").json(), alertId));
        assertEquals(409, agent.post("/alerts/" + alertId + "/resolve", "", JSON).status());
        assertEquals(404, agent.post("/alerts/no-such-alert/acknowledge", "", JSON).status());
        // The condition still holds: the rule fires anew (duration 0), as a new alert.
        JsonNode anew = activeOf(awaitJson(agent, "/alerts/active", j -> activeOf(j, id) != null), id);
        assertTrue(!anew.path("id").asText().equals(alertId));
        record(agent, "backlog_ack", 0);
        awaitJson(agent, "/alerts/active", j -> activeOf(j, id) == null);
    }

    @Test
    void activeAlertsShowInHealthAlertsDashboardAndMetrics() throws Exception {
        JsonNode rule = createRule(agent, """
                {"name": "Emergency Thing", "metricType": "thing_emergency", "condition": "equals", "threshold": 3,
                 "duration": 0, "cooldownPeriod": 0, "severity": "emergency"}""".replace("thing_emergency", registered("thing_emergency")));
        String id = rule.path("id").asText();
        record(agent, "thing_emergency", 3);
        JsonNode health = awaitJson(agent, "/health/alerts", j -> j.path("alerts").size() > 0
                && j.path("alerts").findValues("ruleId").stream().anyMatch(n -> n.asText().equals(id)));
        assertEquals(1000, health.path("thresholds").path("responseTime").path("warning").asDouble(), health.toString());
        assertEquals(2000, health.path("thresholds").path("responseTime").path("critical").asDouble());
        assertEquals(5, health.path("thresholds").path("errorRate").path("warning").asDouble());
        assertEquals(10, health.path("thresholds").path("errorRate").path("critical").asDouble());
        assertEquals(512, health.path("thresholds").path("memoryUsage").path("warning").asDouble());
        assertEquals(768, health.path("thresholds").path("memoryUsage").path("critical").asDouble());
        JsonNode item = null;
        for (JsonNode a : health.path("alerts")) {
            if (a.path("ruleId").asText().equals(id)) {
                item = a;
            }
        }
        assertNotNull(item);
        assertEquals("emergency", item.path("level").asText(), item.toString());
        assertEquals(3, item.path("current").asDouble());
        assertEquals(3, item.path("threshold").asDouble());
        assertTrue(item.path("message").asText().contains("Emergency Thing"), item.toString());

        JsonNode dashboard = agent.get("/health/dashboard").json();
        assertTrue(dashboard.path("alerts").findValues("ruleId").stream().anyMatch(n -> n.asText().equals(id)), dashboard.toString());
        String metrics = agent.get("/metrics").body();
        assertTrue(metrics.contains("vitals_alerts_active{severity=\"emergency\"} 1"), metrics);
        assertTrue(metrics.contains("vitals_alerts_active{severity=\"info\"} 0"), metrics);
        record(agent, "thing_emergency", 4);
        awaitJson(agent, "/alerts/active", j -> activeOf(j, id) == null);
        assertTrue(agent.get("/metrics").body().contains("vitals_alerts_active{severity=\"emergency\"} 0"));
    }

    @Test
    void defaultRulesExistOutOfTheBox() {
        JsonNode rules = agent.get("/alerts/rules").json().path("rules");
        List<String> names = rules.findValues("name").stream().map(JsonNode::asText).toList();
        assertTrue(names.containsAll(List.of("High Response Time", "Critical Response Time", "High Error Rate",
                "Critical Error Rate", "High Memory Used", "Critical Memory Used", "High Memory Usage",
                "Multiple Services Down", "Primary Database Unreachable", "Memory Leak Suspected")), names.toString());
        for (JsonNode r : rules) {
            if (r.path("id").asText().equals("default-high-response-time")) {
                assertEquals("response_time", r.path("metricType").asText());
                assertEquals(1000, r.path("threshold").asDouble());
                assertEquals(300, r.path("duration").asInt());
                assertEquals(1800, r.path("cooldownPeriod").asInt());
                assertEquals("default", r.path("source").asText());
            }
            if (r.path("id").asText().equals("default-high-error-rate")) {
                assertEquals(5, r.path("threshold").asDouble());
                assertEquals(180, r.path("duration").asInt());
                assertEquals(900, r.path("cooldownPeriod").asInt());
            }
            if (r.path("id").asText().equals("default-services-down")) {
                assertEquals("emergency", r.path("severity").asText());
            }
        }
    }

    /** Registers the custom metric so that a rule may name it (rules refuse metrics nobody records). */
    private static String registered(String metric) {
        record(agent, metric, 0);
        return metric;
    }

    static void assertSignature(Receiver.Received r) throws Exception {
        String id = r.header("webhook-id");
        String ts = r.header("webhook-timestamp");
        String sig = r.header("webhook-signature");
        assertNotNull(id, r.headers().toString());
        assertTrue(id.startsWith("msg_"), id);
        assertTrue(Math.abs(Long.parseLong(ts) - System.currentTimeMillis() / 1000) < 300, ts);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring(6)), "HmacSHA256"));
        mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(r.body()));
        assertEquals(expected, sig, "Standard Webhooks signature");
    }

    static Duration timeout() {
        return Alerts.TIMEOUT;
    }
}

package dev.vitals.it.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.HttpResult;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static dev.vitals.it.alerts.Alerts.JSON;
import static dev.vitals.it.alerts.Alerts.activeOf;
import static dev.vitals.it.alerts.Alerts.awaitJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rules and history under data.dir survive a restart, kill -9 in the middle of writes, and a corrupt file. */
class PersistenceTest {

    @Test
    void rulesHistoryAndActiveAlertsSurviveARestart() throws Exception {
        Path data = AgentProcess.tempDir("alerts-restart-");
        String ruleId;
        String alertId;
        try (AgentProcess first = Alerts.idleApp("data.dir", data.toString()).start()) {
            Alerts.record(first, "orders_stuck", 0);
            ruleId = Alerts.createRule(first, """
                    {"name": "Stuck orders", "metricType": "orders_stuck", "condition": "greater_than", "threshold": 3,
                     "duration": 0, "cooldownPeriod": 60, "severity": "critical", "labels": {"team": "orders"}}""")
                    .path("id").asText();
            // A default rule changed and another deleted through the API: those changes persist too.
            assertEquals(200, first.send("PUT", "/alerts/rules/default-high-response-time", "{\"threshold\": 1500}", JSON).status());
            assertEquals(200, first.send("DELETE", "/alerts/rules/default-high-error-rate", null, JSON).status());
            Alerts.record(first, "orders_stuck", 7);
            alertId = activeOf(awaitJson(first, "/alerts/active", j -> activeOf(j, ruleId) != null), ruleId).path("id").asText();
            assertEquals(200, first.post("/alerts/" + alertId + "/acknowledge", "", JSON).status());
        }
        assertTrue(Files.isRegularFile(data.resolve("alerts/rules.json")));
        assertTrue(Files.isRegularFile(data.resolve("alerts/history.json")));
        // The first evaluation after the restart comes 3 s after the start, so the restored alert can be seen.
        try (AgentProcess second = Alerts.idleApp("data.dir", data.toString(), "alerts.interval", "3s").start()) {
            JsonNode rule = second.get("/alerts/rules/" + ruleId).json().path("rule");
            assertEquals("Stuck orders", rule.path("name").asText(), rule.toString());
            assertEquals("orders", rule.path("labels").path("team").asText());
            assertEquals(1500, second.get("/alerts/rules/default-high-response-time").json().path("rule").path("threshold").asDouble());
            assertEquals(404, second.get("/alerts/rules/default-high-error-rate").status(), "deleted default stays deleted");
            JsonNode active = activeOf(second.get("/alerts/active").json(), ruleId);
            assertNotNull(active, "the acknowledged alert is still active after the restart");
            assertEquals(alertId, active.path("id").asText());
            assertEquals("acknowledged", active.path("status").asText());
            // The custom metric is gone with the old process: no data, which changes no state. The last value,
            // restored as 7, turns null once a round has evaluated the rule on no data.
            awaitJson(second, "/alerts/rules/" + ruleId, j -> j.path("lastValue").isNull());
            assertEquals("acknowledged", activeOf(second.get("/alerts/active").json(), ruleId).path("status").asText(),
                    "no data does not resolve an alert");
            // A value under the threshold is data: the alert resolves itself (duration 0).
            Alerts.record(second, "orders_stuck", 1);
            awaitJson(second, "/alerts/active", j -> activeOf(j, ruleId) == null);
            JsonNode history = second.get("/alerts/history?limit=10").json();
            assertEquals(alertId, history.path("alerts").get(0).path("id").asText(), history.toString());
            assertEquals("resolved", history.path("alerts").get(0).path("status").asText());
        }
    }

    @Test
    void killDashNineDuringABurstOfRuleWritesLosesNothingAcknowledged() throws Exception {
        Path data = AgentProcess.tempDir("alerts-kill-");
        List<String> acknowledged = new ArrayList<>();
        try (AgentProcess victim = Alerts.idleApp("data.dir", data.toString()).start()) {
            victim.agentPort();
            ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int writer = w;
                Thread t = new Thread(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        try {
                            HttpResult r = victim.post("/alerts/rules", "{\"name\":\"burst " + writer + "-" + i
                                    + "\",\"metricType\":\"error_rate\",\"condition\":\"greater_than\",\"threshold\":" + i
                                    + ",\"labels\":{\"padding\":\"" + "p".repeat(500) + "\"}}", JSON);
                            if (r.status() == 201) {
                                ids.add(r.json().path("id").asText());
                            }
                        } catch (RuntimeException e) {
                            return; // the process is gone
                        }
                    }
                });
                t.start();
                writers.add(t);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (ids.size() < 60 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            victim.kill9();
            stop.set(true);
            for (Thread t : writers) {
                t.join(20_000);
            }
            acknowledged.addAll(ids);
        }
        assertTrue(acknowledged.size() >= 20, "only " + acknowledged.size() + " writes before the kill");
        try (AgentProcess survivor = Alerts.idleApp("data.dir", data.toString()).start()) {
            JsonNode rules = survivor.get("/alerts/rules").json().path("rules");
            Set<String> present = new java.util.HashSet<>();
            rules.forEach(r -> present.add(r.path("id").asText()));
            List<String> missing = acknowledged.stream().filter(id -> !present.contains(id)).collect(Collectors.toList());
            assertTrue(missing.isEmpty(), "acknowledged with 201 but missing after kill -9: " + missing);
            assertFalse(survivor.stderr().contains("is corrupt"), survivor.describe());
        }
    }

    @Test
    void aCorruptRulesFileGivesOneLineAndThePreviousGoodCopyIsUsed() throws Exception {
        Path data = AgentProcess.tempDir("alerts-corrupt-");
        String ruleId;
        try (AgentProcess first = Alerts.idleApp("data.dir", data.toString()).start()) {
            ruleId = Alerts.createRule(first, """
                    {"name": "Kept", "metricType": "error_rate", "condition": "greater_than", "threshold": 50}""")
                    .path("id").asText();
        }
        Path rules = data.resolve("alerts/rules.json");
        Files.write(rules, "{\"version\":1,\"rules\":[{\"id\":".getBytes(StandardCharsets.UTF_8));
        try (AgentProcess second = Alerts.idleApp("data.dir", data.toString()).start()) {
            assertEquals(200, second.get("/alerts/rules/" + ruleId).status(), second.describe());
            String err = second.stderr();
            assertEquals(1, Pattern.compile("rules\\.json is corrupt .*; using the previous good copy .*rules\\.json\\.prev instead")
                    .matcher(err).results().count(), err);
            assertEquals(1, err.lines().filter(l -> l.contains("rules.json")).count(), "one line: " + err);
            // The agent still works, and the next write repairs the file.
            Alerts.createRule(second, """
                    {"name": "After", "metricType": "error_rate", "condition": "greater_than", "threshold": 60}""");
            assertTrue(Files.readString(rules).contains("\"Kept\""));
        }
    }
}

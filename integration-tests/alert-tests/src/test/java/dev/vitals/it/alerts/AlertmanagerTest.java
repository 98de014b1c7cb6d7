package dev.vitals.it.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Await;
import dev.vitals.it.Http;
import dev.vitals.it.HttpResult;
import dev.vitals.it.Services;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static dev.vitals.it.alerts.Alerts.activeOf;
import static dev.vitals.it.alerts.Alerts.awaitJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent posts to a real Alertmanager (Debian's prometheus-alertmanager) through API v2; Alertmanager's own
 * API then holds the alert with the agent's labels and annotations, and lets it go once the agent resolves it.
 */
class AlertmanagerTest {

    @Test
    void alertmanagerHoldsTheFiringAlertAndDropsItOnResolution() throws Exception {
        Path binary = Services.requireExecutable("prometheus-alertmanager");
        Path dir = AgentProcess.tempDir("alertmanager-");
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, """
                route:
                  receiver: blackhole
                  group_wait: 1s
                receivers:
                  - name: blackhole
                """);
        int port = AgentProcess.freePort();
        Process am = new ProcessBuilder(binary.toString(), "--config.file=" + config, "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        URI base = URI.create("http://127.0.0.1:" + port);
        try {
            awaitReady(base, dir);
            try (AgentProcess agent = Alerts.idleApp("service.name", "am-shop", "alerts.alertmanager.resend", "1s",
                    "alerts.external.url", "http://vitals.example:9715")
                    .systemProperty("vitals.alerts.alertmanager.url", base.toString()).start()) {
                Alerts.record(agent, "am_metric", 0);
                String ruleId = Alerts.createRule(agent, """
                        {"name": "Payments Failing", "metricType": "am_metric", "condition": "greater_than", "threshold": 1,
                         "duration": 0, "cooldownPeriod": 600, "severity": "critical", "labels": {"team": "payments"}}""")
                        .path("id").asText();
                Alerts.record(agent, "am_metric", 5);
                String alertId = activeOf(awaitJson(agent, "/alerts/active", j -> activeOf(j, ruleId) != null), ruleId)
                        .path("id").asText();

                JsonNode held = awaitAlertmanager(base, true);
                JsonNode labels = held.path("labels");
                assertEquals("Payments Failing", labels.path("alertname").asText(), held.toString());
                assertEquals("critical", labels.path("severity").asText());
                assertEquals("am-shop", labels.path("service").asText());
                assertEquals("payments", labels.path("team").asText());
                assertEquals(ruleId, labels.path("rule_id").asText());
                assertEquals(alertId, held.path("annotations").path("alert_id").asText());
                assertTrue(held.path("annotations").path("description").asText().contains("Payments Failing"), held.toString());
                assertEquals("http://vitals.example:9715/alerts/active", held.path("generatorURL").asText());
                assertEquals("active", held.path("status").path("state").asText(), held.toString());
                assertNotNull(held.get("startsAt"));

                // Acknowledging does not hide it from Alertmanager: re-sends keep it alive past several resends.
                assertEquals(200, agent.post("/alerts/" + alertId + "/acknowledge", "", Alerts.JSON).status());
                Thread.sleep(3000);
                awaitAlertmanager(base, true);

                Alerts.record(agent, "am_metric", 0);
                awaitJson(agent, "/alerts/active", j -> activeOf(j, ruleId) == null);
                awaitAlertmanager(base, false);
            }
        } finally {
            am.destroy();
            if (!am.waitFor(10, TimeUnit.SECONDS)) {
                am.destroyForcibly();
            }
        }
    }

    private static void awaitReady(URI base, Path dir) {
        Await.until("alertmanager to be ready", Duration.ofSeconds(30), () -> Http.get(base.resolve("/-/ready")).status() == 200,
                () -> "\n" + log(dir));
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("alertmanager.log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    /** Waits until Alertmanager lists the alert (present) or lists none (absent); returns it when present. */
    private static JsonNode awaitAlertmanager(URI base, boolean present) {
        HttpResult r = Await.until("alertmanager to " + (present ? "hold" : "drop") + " the alert", Alerts.TIMEOUT,
                () -> Http.get(base.resolve("/api/v2/alerts?filter=alertname%3D%22Payments%20Failing%22")),
                last -> last.status() == 200 && last.json().size() == (present ? 1 : 0));
        return present ? r.json().get(0) : null;
    }
}

package dev.vitals.it.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Await;
import dev.vitals.it.Http;
import dev.vitals.it.Jars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static dev.vitals.it.alerts.Alerts.activeOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An on-call person restarts the service while an alert is active: the demo shop fails, its error-rate alert
 * fires and reaches a real webhook receiver, the JVM is killed with {@code kill -9} and started again on the same
 * data directory, gets no traffic for 20 s, then fails again. The alert survives with no RESOLVED and no second
 * FIRING while the condition holds, and resolves exactly once after it stops.
 *
 * <p>Short windows keep it quick: rules evaluated every 500 ms over a 3 s window (the last rotated 5 s slice), at
 * least 5 requests to judge.
 */
class AlertRestartTest {
    private static final String RULE = """
            {"name": "Shop failing", "metricType": "error_rate", "condition": "greater_than", "threshold": 50,
             "duration": 2, "cooldownPeriod": 600, "severity": "critical"}""";

    private final Receiver webhook = new Receiver();
    private AgentProcess shop;
    private String ruleId;

    @AfterEach
    void stop() {
        if (shop != null) {
            shop.close();
        }
        webhook.close();
    }

    private AgentProcess startShop(Path data) {
        return AgentProcess.jar(Jars.demoShop())
                .agentArg("data.dir", data.toString())
                .agentArg("service.name", "restart-shop")
                .agentArg("alerts.defaults", "false")
                .agentArg("alerts.interval", "500ms")
                .agentArg("alerts.window", "3s")
                .agentArg("alerts.min.requests", "5")
                .agentArg("alerts.webhook.url", webhook.url("/hooks/vitals"))
                .args("--port=0", "--redis=off").start();
    }

    private static URI shopBase(AgentProcess p) {
        return URI.create("http://127.0.0.1:" + p.awaitOutput(SlowServletAlertTest.SHOP_LISTENING, Duration.ofSeconds(60)).group(1) + "/");
    }

    private String received() {
        return webhook.all().stream().map(Receiver.Received::text).toList().toString();
    }

    private long count(String type) {
        return webhook.count(r -> r.json().path("type").asText().equals(type)
                && r.json().path("alert").path("ruleName").asText().equals("Shop failing"));
    }

    /** GETs {@code path} for {@code seconds}, about 20 times a second: bounded in count and time. */
    private static void traffic(URI base, String path, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (int i = 0; i < seconds * 20 && System.nanoTime() < end; i++) {
            Http.get(base.resolve(path));
            Thread.sleep(50);
        }
    }

    /** Sends traffic until {@code done}, failing after {@link Alerts#TIMEOUT}. */
    private void trafficUntil(URI base, String path, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Alerts.TIMEOUT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("GET " + path + " never had the effect; webhook got " + received()
                        + "; the rule: " + shop.get("/alerts/rules/" + ruleId).body() + shop.describe());
            }
            traffic(base, path, 1);
        }
    }

    @Test
    void anActiveAlertSurvivesAKillAndRestartWithoutFalseOrLostNotifications() throws Exception {
        Path data = AgentProcess.tempDir("alerts-restart-");
        shop = startShop(data);
        URI base = shopBase(shop);
        ruleId = Alerts.createRule(shop, RULE).path("id").asText();
        trafficUntil(base, "api/error", () -> count("alert.firing") > 0); // every request a 500
        String alertId = activeOf(shop.get("/alerts/active").json(), ruleId).path("id").asText();

        shop.kill9();
        shop = startShop(data);
        base = shopBase(shop);
        JsonNode restored = activeOf(shop.get("/alerts/active").json(), ruleId);
        assertNotNull(restored, "the active alert is restored");
        assertEquals(alertId, restored.path("id").asText());

        // No traffic for 20 s: the windows are empty, which is no data; the rule is evaluated about 40 times.
        Thread.sleep(20_000);
        JsonNode idle = shop.get("/alerts/rules/" + ruleId).json();
        assertEquals("firing", idle.path("state").asText(), idle.toString());
        assertTrue(idle.path("lastValue").isNull(), "evaluated on no data: " + idle);

        // Failing traffic resumes: the condition holds, the same alert goes on, nobody is told anything new.
        traffic(base, "api/error", 6);
        // The rule is evaluated on the agent's tick: its value of the new traffic comes at the next evaluation.
        final AgentProcess restarted = shop;
        JsonNode holding = Await.until("the rule evaluated on the new failures", Duration.ofSeconds(10),
                () -> restarted.get("/alerts/rules/" + ruleId).json(), r -> r.path("lastValue").asDouble() > 50);
        assertTrue(holding.path("lastValue").asDouble() > 50, holding.toString());
        assertEquals(alertId, activeOf(shop.get("/alerts/active").json(), ruleId).path("id").asText());
        assertEquals(1, count("alert.firing"), "no second FIRING: " + received());
        assertEquals(0, count("alert.resolved"), "no RESOLVED while the condition holds: " + received());

        // The failures stop and good traffic shows it: exactly one RESOLVED.
        trafficUntil(base, "api/products", () -> count("alert.resolved") > 0);
        traffic(base, "api/products", 3); // more rounds on good data: give a wrong second RESOLVED the chance
        assertEquals(1, count("alert.resolved"), received());
        assertEquals(1, count("alert.firing"), received());
        JsonNode resolved = shop.get("/alerts/history?limit=5").json().path("alerts").get(0);
        assertEquals(alertId, resolved.path("id").asText(), resolved.toString());
        assertEquals("auto", resolved.path("resolvedBy").asText());
    }
}

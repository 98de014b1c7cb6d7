package dev.vitals.it.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Await;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.vitals.it.alerts.Alerts.activeOf;
import static dev.vitals.it.alerts.Alerts.awaitJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A receiver that fails twice, then recovers: the notification is retried with backoff, keeps its webhook-id,
 * and the retries and failures show in /metrics; a receiver that never answers well does not hold up another.
 */
class NotificationRetryTest {

    @Test
    void failingReceiverIsRetriedAndAnotherChannelIsNotHeldUp() throws Exception {
        try (Receiver flaky = new Receiver().failFirst(500, 503);
             Receiver down = new Receiver().failFirst(500, 500, 500, 500, 500, 500, 500, 500);
             AgentProcess agent = Alerts.idleApp("alerts.notify.backoff", "200ms", "alerts.notify.attempts", "4")
                     .systemProperty("vitals.alerts.webhook.url", flaky.url("/hook"))
                     .systemProperty("vitals.alerts.webhook.secret", AlertLifecycleTest.SECRET)
                     .systemProperty("vitals.alerts.slack.url", down.url("/slack"))
                     .start()) {
            Alerts.record(agent, "retry_metric", 0);
            String ruleId = Alerts.createRule(agent, """
                    {"name": "Retry me", "metricType": "retry_metric", "condition": "greater_than", "threshold": 1,
                     "duration": 0, "cooldownPeriod": 600}""").path("id").asText();
            Alerts.record(agent, "retry_metric", 2);
            awaitJson(agent, "/alerts/active", j -> activeOf(j, ruleId) != null);

            List<Receiver.Received> attempts = flaky.await(r -> r.text().contains("Retry me"), 3, Alerts.TIMEOUT);
            assertEquals(1, attempts.stream().map(r -> r.header("webhook-id")).distinct().count(),
                    "one webhook-id across retries");
            for (Receiver.Received r : attempts) {
                AlertLifecycleTest.assertSignature(r);
            }
            // Slack fails on every one of its 4 attempts; the webhook was delivered regardless.
            down.await(r -> r.text().contains("Retry me"), 4, Alerts.TIMEOUT);
            String metrics = awaitMetrics(agent, "vitals_notifications_failed_total{channel=\"slack\"} 1");
            assertTrue(metrics.contains("vitals_notifications_sent_total{channel=\"webhook\"} 1"), metrics);
            assertTrue(metrics.contains("vitals_notification_retries_total{channel=\"webhook\"} 2"), metrics);
            assertTrue(metrics.contains("vitals_notification_retries_total{channel=\"slack\"} 3"), metrics);
            assertTrue(metrics.contains("vitals_notifications_failed_total{channel=\"webhook\"} 0"), metrics);
            // The failing channel shows in /health/detailed (degraded, never unhealthy), with its last error.
            JsonNode detailed = awaitJson(agent, "/health/detailed", j -> j.path("checks").path("notifications")
                    .path("details").path("channels").path("slack").path("failed").asInt() == 1);
            JsonNode check = detailed.path("checks").path("notifications");
            assertEquals("degraded", check.path("status").asText(), check.toString());
            assertEquals("failing", check.path("details").path("channels").path("slack").path("status").asText());
            assertEquals("HTTP 500", check.path("details").path("channels").path("slack").path("lastError").asText());
            assertEquals("ok", check.path("details").path("channels").path("webhook").path("status").asText());
            String err = agent.stderr();
            assertTrue(err.contains("slack delivery of firing alert"), err);
            assertTrue(!err.contains(down.url("/slack")) && !err.contains(flaky.url("/hook")), "a secret URL was logged: " + err);
            assertTrue(!agent.get("/health/config").body().contains(flaky.url("/hook")), "a secret URL in /health/config");
        }
    }

    private static String awaitMetrics(AgentProcess agent, String line) {
        return Await.until("'" + line + "' in /metrics", Alerts.TIMEOUT, () -> agent.get("/metrics").body(),
                body -> body.contains(line));
    }
}

package dev.vitals.it.alerts;

import dev.vitals.it.AgentProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Routing by severity, suppression and escalation with two real receivers: a webhook that takes every severity,
 * and a Slack endpoint configured for critical and emergency only that is also the escalation channel (after 2 s
 * unacknowledged). A warning and a critical rule watch the same custom metric.
 */
class AlertRoutingTest {
    private final Receiver webhook = new Receiver();
    private final Receiver slack = new Receiver();
    private AgentProcess agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        webhook.close();
        slack.close();
    }

    private static Predicate<Receiver.Received> hook(String type, String rule) {
        return r -> r.json().path("type").asText().equals(type) && r.json().path("alert").path("ruleName").asText().equals(rule);
    }

    private static Predicate<Receiver.Received> chat(String title) {
        return r -> r.text().contains(title);
    }

    private String seen() {
        return "webhook: " + webhook.all().stream().map(Receiver.Received::text).toList() + "\nslack: "
                + slack.all().stream().map(Receiver.Received::text).toList() + agent.describe();
    }

    @Test
    void channelsGetTheirSeveritiesAWarningWaitsForTheCriticalAndAnUnacknowledgedAlertEscalates() throws Exception {
        agent = Alerts.idleApp("service.name", "routing", "alerts.defaults", "false")
                .systemProperty("vitals.alerts.webhook.url", webhook.url("/hooks/vitals"))
                .systemProperty("vitals.alerts.slack.url", slack.url("/services/T000/B000/XXXX"))
                .systemProperty("vitals.alerts.slack.severities", "critical;emergency")
                .systemProperty("vitals.alerts.escalation.channels", "slack")
                .systemProperty("vitals.alerts.escalation.after", "2s")
                .start();
        for (String[] r : List.of(new String[] {"Failures warning", "warning", "5"},
                new String[] {"Failures critical", "critical", "10"})) {
            Alerts.createRule(agent, """
                    {"name": "%s", "metricType": "custom:failures", "condition": "greater_than", "threshold": %s,
                     "duration": 0, "cooldownPeriod": 600, "severity": "%s"}""".formatted(r[0], r[2], r[1]));
        }

        Alerts.record(agent, "failures", 20);
        Duration wait = Alerts.TIMEOUT;
        webhook.await(hook("alert.firing", "Failures critical"), 1, wait);
        slack.await(chat("[FIRING critical] Failures critical"), 1, wait);
        // Nobody acknowledges: after 2 s the escalation channel hears of it again; the webhook does not.
        slack.await(chat("[ESCALATED critical] Failures critical"), 1, wait);
        assertEquals(0, webhook.count(hook("alert.firing", "Failures warning")),
                "the warning is held back while the critical alert fires: " + seen());
        assertEquals(0, webhook.count(r -> r.json().path("type").asText().equals("alert.escalated")), seen());

        // The critical condition ends: it resolves everywhere it went, and the warning is told now, by the webhook only.
        Alerts.record(agent, "failures", 7);
        webhook.await(hook("alert.resolved", "Failures critical"), 1, wait);
        slack.await(chat("[RESOLVED critical] Failures critical"), 1, wait);
        webhook.await(hook("alert.firing", "Failures warning"), 1, wait);
        assertFalse(slack.count(chat("[FIRING warning]")) > 0, "slack takes critical and emergency only: " + seen());
        assertEquals(1, webhook.count(hook("alert.firing", "Failures critical")), seen());
    }
}

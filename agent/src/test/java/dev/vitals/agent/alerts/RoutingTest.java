package dev.vitals.agent.alerts;

import dev.vitals.agent.alerts.notify.Channel;
import dev.vitals.agent.alerts.notify.Dispatcher;
import dev.vitals.agent.alerts.notify.Notification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Suppression by severity, escalation and routing by severity, on a made-up clock. */
class RoutingTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long ESCALATE_AFTER = 300_000;

    @TempDir
    Path dir;

    private final AtomicInteger ids = new AtomicInteger();
    private final List<Evaluator.Transition> out = new ArrayList<>();
    private Evaluator evaluator = newEvaluator(ESCALATE_AFTER);

    private Evaluator newEvaluator(long escalateAfter) {
        return new Evaluator(100, false, 60_000, () -> "alert-" + ids.incrementAndGet(), escalateAfter);
    }

    private static AlertRule rule(String id, String severity, double threshold, String route) {
        String json = "{\"name\":\"" + id + "\",\"metricType\":\"error_rate\",\"condition\":\"greater_than\",\"threshold\":"
                + threshold + ",\"duration\":0,\"cooldownPeriod\":600,\"severity\":\"" + severity + "\""
                + (route == null ? "" : ",\"route\":\"" + route + "\"") + "}";
        return RuleParser.parse(JsonTree.parse(json.getBytes(StandardCharsets.UTF_8)), null, false, id, T0, 0, (m, r) -> null);
    }

    /** What people hear (quiet transitions left out) when {@code rule} observes {@code value} at T0 + seconds. */
    private List<String> at(AlertRule rule, double seconds, double value) {
        out.clear();
        evaluator.observe(rule, value, T0 + (long) (seconds * 1000), out);
        return out.stream().filter(t -> !t.quiet).map(t -> t.kind.name()).collect(Collectors.toList());
    }

    @Test
    void aWarningIsHeldBackWhileACriticalFiresForTheSameSubjectAndToldAfter() {
        AlertRule warning = rule("warn", "warning", 5, null);
        AlertRule critical = rule("crit", "critical", 10, null);
        assertEquals(List.of("FIRING"), at(critical, 0, 20));
        assertEquals(List.of(), at(warning, 0, 20), "recorded and shown, but nobody told");
        assertEquals("firing", evaluator.state(warning));
        assertEquals(List.of(), at(warning, 700, 20), "no repeat while the critical alert is active");
        assertEquals(List.of("ESCALATED", "REPEAT"), at(critical, 700, 20), "unacknowledged 5 min after it was told");

        assertEquals(List.of("RESOLVED"), at(critical, 800, 7));
        assertEquals(List.of("FIRING"), at(warning, 800, 7), "the warning nobody was told of is told now");
        assertEquals(List.of(), at(warning, 900, 7), "escalation counts from when people were told, not from firing");
        assertEquals(List.of("ESCALATED"), at(warning, 1100, 7));
    }

    @Test
    void anAcknowledgedCriticalStillHoldsTheWarningBackButAnotherSubjectDoesNot() {
        AlertRule critical = rule("crit", "critical", 10, null);
        AlertRule warningOnRoute = rule("warn-route", "warning", 5, "GET:/api/orders");
        AlertRule warning = rule("warn", "warning", 5, null);
        at(critical, 0, 20);
        evaluator.acknowledge(evaluator.active().get(0).id, T0 + 1_000);
        assertEquals(List.of(), at(warning, 10, 20));
        assertEquals(List.of("FIRING"), at(warningOnRoute, 10, 20), "another subject: told");
    }

    @Test
    void anUnacknowledgedAlertEscalatesOnceAfterTheConfiguredTimeEvenWithoutData() {
        AlertRule critical = rule("crit", "critical", 10, null);
        assertEquals(List.of("FIRING"), at(critical, 0, 20));
        assertEquals(List.of(), at(critical, 299, 20));
        assertEquals(List.of("ESCALATED"), at(critical, 300, Double.NaN));
        assertEquals(List.of(), at(critical, 400, 20), "once");
        assertTrue(evaluator.active().get(0).escalatedAt > 0);
    }

    @Test
    void anAcknowledgedAlertDoesNotEscalate() {
        AlertRule critical = rule("crit", "critical", 10, null);
        at(critical, 0, 20);
        evaluator.acknowledge(evaluator.active().get(0).id, T0 + 60_000);
        assertEquals(List.of(), at(critical, 600, 20));
    }

    @Test
    void anEscalationIsNotRepeatedAfterARestart() throws Exception {
        AlertRule critical = rule("crit", "critical", 10, null);
        at(critical, 0, 20);
        assertEquals(List.of("ESCALATED"), at(critical, 300, 20));
        AlertStore store = new AlertStore(dir);
        store.saveHistory(evaluator.history(), evaluator.lastNotified());

        evaluator = newEvaluator(ESCALATE_AFTER);
        evaluator.restore(store.loadHistory(), store.loadLastNotified(), id -> critical, T0 + 400_000);
        assertEquals(List.of(), at(critical, 500, 20));
    }

    private static Channel channel(String name) {
        return new Channel() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void deliver(Notification n) {
            }
        };
    }

    @Test
    void channelsGetTheirSeveritiesAndEscalationChannelsEveryEscalation() {
        AlertRule warning = rule("warn", "warning", 5, "GET:/a");
        AlertRule critical = rule("crit", "critical", 10, null);
        at(warning, 0, 20);
        Alert warningAlert = out.get(0).alert;
        at(critical, 0, 20);
        Alert criticalAlert = out.get(0).alert;
        at(critical, 300, 20);
        Alert escalatedAlert = out.get(0).alert;

        Dispatcher d = new Dispatcher(List.of(channel("webhook"), channel("slack")),
                name -> name.equals("slack") ? Set.of("critical", "emergency") : Set.of("info", "warning", "critical", "emergency"),
                Set.of("slack"), 1, 1);
        Dispatcher.Lane webhook = d.lanes().get(0);
        Dispatcher.Lane slack = d.lanes().get(1);
        assertTrue(webhook.wants(n(Notification.Kind.FIRING, warningAlert)));
        assertFalse(slack.wants(n(Notification.Kind.FIRING, warningAlert)), "slack takes critical and emergency only");
        assertTrue(slack.wants(n(Notification.Kind.FIRING, criticalAlert)));
        assertTrue(slack.wants(n(Notification.Kind.ESCALATED, escalatedAlert)));
        assertFalse(webhook.wants(n(Notification.Kind.ESCALATED, escalatedAlert)), "not an escalation channel");
        assertFalse(slack.wants(n(Notification.Kind.FIRING, criticalAlert, true)), "quiet: people are not told");
        assertFalse(slack.wants(n(Notification.Kind.RESOLVED, warningAlert)), "nor the resolution of what it did not get");
    }

    private static Notification n(Notification.Kind kind, Alert a) {
        return n(kind, a, false);
    }

    private static Notification n(Notification.Kind kind, Alert a, boolean quiet) {
        return new Notification(kind, a, Collections.emptyList(), "svc", "test", "http://x", T0, quiet);
    }
}

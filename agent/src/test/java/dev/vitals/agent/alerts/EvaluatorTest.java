package dev.vitals.agent.alerts;

import dev.vitals.agent.alerts.notify.Notification.Kind;
import dev.vitals.exporter.HttpError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The alert state machine on a made-up clock: each test states the time of every observation. */
class EvaluatorTest {
    private static final double NO_DATA = Double.NaN;
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final List<Evaluator.Transition> out = new ArrayList<>();
    /** Alert ids, unique across the restarts a test makes. */
    private final AtomicInteger ids = new AtomicInteger();
    private Evaluator evaluator = newEvaluator(false);

    private Evaluator newEvaluator(boolean alertmanager) {
        return new Evaluator(100, alertmanager, 60_000, () -> "alert-" + ids.incrementAndGet());
    }

    /** error_rate > 10 for {@code duration} s, cooldown {@code cooldown} s. */
    private static AlertRule rule(int duration, int cooldown) {
        String json = "{\"name\":\"Errors\",\"metricType\":\"error_rate\",\"condition\":\"greater_than\",\"threshold\":10,"
                + "\"duration\":" + duration + ",\"cooldownPeriod\":" + cooldown + ",\"severity\":\"critical\"}";
        return RuleParser.parse(JsonTree.parse(json.getBytes(StandardCharsets.UTF_8)), null, false, "r1", T0, 0, (m, r) -> null);
    }

    /** Observes {@code value} at {@code T0 + seconds} and returns what the channels would hear of it. */
    private List<String> at(AlertRule rule, double seconds, double value) {
        out.clear();
        evaluator.observe(rule, value, T0 + (long) (seconds * 1000), out);
        return kinds();
    }

    private List<String> kinds() {
        return out.stream().map(t -> t.kind + (t.quiet ? " quiet" : "")).collect(Collectors.toList());
    }

    private String activeId() {
        return evaluator.active().get(0).id;
    }

    @Test
    void firesOnlyAfterTheConditionHeldForTheDuration() {
        AlertRule r = rule(60, 600);
        assertEquals(List.of(), at(r, 0, 20));
        assertEquals("pending", evaluator.state(r));
        assertEquals(List.of(), at(r, 59, 20));
        assertEquals(List.of("FIRING"), at(r, 60, 20));
        Alert a = evaluator.active().get(0);
        assertEquals(T0, a.startsAt, "starts when the condition began to hold");
        assertEquals(T0 + 60_000, a.firedAt);
        assertEquals("firing", evaluator.state(r));
    }

    @Test
    void aBreakInTheConditionRestartsTheDuration() {
        AlertRule r = rule(60, 600);
        at(r, 0, 20);
        at(r, 30, 5);
        assertEquals("inactive", evaluator.state(r));
        assertEquals(List.of(), at(r, 60, 20));
        assertEquals(List.of(), at(r, 119, 20));
        assertEquals(List.of("FIRING"), at(r, 120, 20));
    }

    @Test
    void noDataChangesNoState() {
        AlertRule r = rule(60, 600);
        at(r, 0, 20);
        assertEquals(List.of(), at(r, 30, NO_DATA));
        assertEquals("pending", evaluator.state(r), "no data does not end the pending time");
        assertEquals(List.of("FIRING"), at(r, 60, 20));
        for (int s = 61; s < 3600; s += 15) {
            assertEquals(List.of(), at(r, s, NO_DATA), "no data neither resolves nor repeats");
        }
        assertEquals("firing", evaluator.state(r));
        assertEquals(1, evaluator.active().size());
    }

    @Test
    void resolvesOnlyAfterTheConditionStoppedForTheDurationOnData() {
        AlertRule r = rule(60, 600);
        at(r, 0, 20);
        at(r, 60, 20);
        assertEquals(List.of(), at(r, 100, 5), "clear for 0 s");
        assertEquals(List.of(), at(r, 130, NO_DATA));
        assertEquals(List.of(), at(r, 159, 5), "clear for 59 s");
        assertEquals(List.of("RESOLVED"), at(r, 160, 5), "clear for the rule's 60 s");
        Alert resolved = evaluator.newest(1).get(0);
        assertEquals("resolved", resolved.status);
        assertEquals("auto", resolved.resolvedBy);
        assertEquals(T0 + 160_000, resolved.resolvedAt);
        assertEquals(5, resolved.value);
        assertEquals("inactive", evaluator.state(r));
    }

    @Test
    void theConditionReturningWhileResolvingKeepsTheAlert() {
        AlertRule r = rule(60, 600);
        at(r, 0, 20);
        at(r, 60, 20);
        at(r, 100, 5);
        assertEquals(List.of(), at(r, 150, 20), "holds again: no new FIRING");
        assertEquals(List.of(), at(r, 200, 5));
        assertEquals(List.of(), at(r, 259, 5), "the clear time starts anew");
        assertEquals(List.of("RESOLVED"), at(r, 260, 5));
        assertEquals(1, evaluator.historySize(), "one alert throughout");
    }

    @Test
    void durationZeroFiresAndResolvesAtTheFirstObservation() {
        AlertRule r = rule(0, 600);
        assertEquals(List.of("FIRING"), at(r, 0, 20));
        assertEquals(List.of("RESOLVED"), at(r, 1, 5));
    }

    @Test
    void cooldownRepeatsAFiringAlertAndQuietsANewFiring() {
        AlertRule r = rule(0, 600);
        assertEquals(List.of("FIRING"), at(r, 0, 20));
        assertEquals(List.of(), at(r, 599, 20));
        assertEquals(List.of("REPEAT"), at(r, 600, 20), "repeated once the cooldown passed");
        assertEquals(List.of(), at(r, 1199, 20));
        assertEquals(List.of("REPEAT"), at(r, 1200, 20));
        assertEquals(List.of("RESOLVED"), at(r, 1210, 5));
        // Fires anew inside the cooldown of the last repeat: recorded, but people are not told.
        assertEquals(List.of("FIRING quiet"), at(r, 1300, 20));
        assertEquals(0, evaluator.active().get(0).notifications);
        assertEquals(List.of("RESOLVED quiet"), at(r, 1310, 5), "nobody was told it fired, so nobody hears it ended");
        assertEquals(List.of("FIRING"), at(r, 1800, 20), "after the cooldown people are told again");
    }

    @Test
    void acknowledgedAlertStaysActiveUnrepeatedAndResolvesQuietly() {
        AlertRule r = rule(0, 60);
        at(r, 0, 20);
        Alert ack = evaluator.acknowledge(activeId(), T0 + 10_000);
        assertEquals("acknowledged", ack.status);
        assertEquals(T0 + 10_000, ack.acknowledgedAt);
        assertEquals(List.of(), at(r, 600, 20), "no repeat after acknowledge");
        assertEquals("acknowledged", evaluator.state(r));
        assertEquals(List.of("RESOLVED quiet"), at(r, 610, 5));
        HttpError again = assertThrows(HttpError.class, () -> evaluator.acknowledge(ack.id, T0 + 620_000));
        assertEquals(409, again.status());
        assertEquals(404, assertThrows(HttpError.class, () -> evaluator.acknowledge("nope", T0)).status());
    }

    @Test
    void resolvedByHandTheRuleMustHoldForItsDurationAgain() {
        AlertRule r = rule(30, 600);
        at(r, 0, 20);
        at(r, 30, 20);
        String id = activeId();
        out.clear();
        Alert resolved = evaluator.resolveByHand(id, r, T0 + 40_000, out);
        assertEquals("api", resolved.resolvedBy);
        assertEquals(List.of("RESOLVED"), kinds());
        assertEquals(List.of(), at(r, 45, 20), "pending again");
        assertEquals(List.of("FIRING quiet"), at(r, 75, 20), "a new alert, inside the cooldown");
        assertFalse(evaluator.active().get(0).id.equals(id));
    }

    @Test
    void disablingOrDeletingTheRuleResolvesItsAlert() {
        AlertRule r = rule(0, 600);
        at(r, 0, 20);
        out.clear();
        assertTrue(evaluator.disabled(r, T0 + 5_000, out));
        assertEquals("rule-disabled", evaluator.newest(1).get(0).resolvedBy);
        assertEquals(List.of("FIRING quiet"), at(r, 10, 20), "enabled again, inside the cooldown");
        out.clear();
        assertTrue(evaluator.deleted(r, T0 + 15_000, out));
        assertEquals(List.of("RESOLVED quiet"), kinds());
        assertEquals("rule-deleted", evaluator.newest(1).get(0).resolvedBy);
        assertEquals(0, evaluator.active().size());
    }

    @Test
    void alertmanagerGetsKeepAlivesEvenWithoutData() {
        evaluator = newEvaluator(true);
        AlertRule r = rule(0, 3600);
        assertEquals(List.of("FIRING"), at(r, 0, 20));
        assertEquals(List.of(), at(r, 30, 20));
        assertEquals(List.of("SYNC quiet"), at(r, 60, NO_DATA));
        assertEquals(List.of("SYNC quiet"), at(r, 120, 20));
    }

    /** What a kill -9 and a restart do: the state goes through the real history file and back. */
    private void restart(AlertRule r, long nowSeconds) throws Exception {
        AlertStore store = new AlertStore(dir);
        store.saveHistory(evaluator.history(), evaluator.lastNotified());
        evaluator = newEvaluator(false);
        AlertStore reloaded = new AlertStore(dir);
        evaluator.restore(reloaded.loadHistory(), reloaded.loadLastNotified(), id -> id.equals(r.id) ? r : null,
                T0 + nowSeconds * 1000);
    }

    @Test
    void aConditionStillHoldingAfterARestartKeepsItsAlertWithNoNewFiringAndNoResolution() throws Exception {
        AlertRule r = rule(60, 1800);
        at(r, 0, 20);
        assertEquals(List.of("FIRING"), at(r, 60, 20));
        String id = activeId();
        restart(r, 300);
        assertEquals("firing", evaluator.state(r));
        assertEquals(id, activeId());
        assertEquals(T0, evaluator.active().get(0).startsAt, "start time restored");
        // The windows are empty after the start: no data for a while, nothing changes.
        for (int s = 300; s < 320; s++) {
            assertEquals(List.of(), at(r, s, NO_DATA));
        }
        // Failing traffic again: the same alert, no FIRING, and no REPEAT inside the restored cooldown.
        for (int s = 320; s < 1860; s += 15) {
            assertEquals(List.of(), at(r, s, 20), "at " + s + " s");
        }
        assertEquals(List.of("REPEAT"), at(r, 1860, 20), "the cooldown ran from the notification before the restart");
        // It stops: one resolution, after the rule's duration on data.
        assertEquals(List.of(), at(r, 1900, 1));
        assertEquals(List.of("RESOLVED"), at(r, 1960, 1));
        assertEquals(List.of(), at(r, 1975, 1));
        assertEquals(1, evaluator.historySize());
    }

    @Test
    void acknowledgementAndCooldownSurviveARestart() throws Exception {
        AlertRule r = rule(0, 600);
        at(r, 0, 20);
        at(r, 10, 5);
        restart(r, 20);
        assertEquals(List.of("FIRING quiet"), at(r, 30, 20), "the cooldown of the first alert still runs");
        evaluator.acknowledge(activeId(), T0 + 40_000);
        restart(r, 50);
        assertEquals("acknowledged", evaluator.state(r));
        assertEquals(List.of(), at(r, 900, 20), "acknowledged: no repeat after the restart either");
        assertEquals(List.of("RESOLVED quiet"), at(r, 910, 5));
    }

    @Test
    void anActiveAlertWhoseRuleIsGoneAfterARestartResolvesQuietly() {
        Alert a = new Alert("alert-x", "gone");
        a.severity = Severity.WARNING;
        a.status = Alert.FIRING;
        evaluator.restore(List.of(a), Collections.emptyMap(), id -> null, T0);
        assertEquals(0, evaluator.active().size());
        assertEquals("rule-deleted", evaluator.newest(1).get(0).resolvedBy);
    }

    @Test
    void lastNotifiedIsKeptPerRule() {
        AlertRule r = rule(0, 600);
        at(r, 0, 20);
        assertEquals(Map.of("r1", T0), evaluator.lastNotified());
    }
}

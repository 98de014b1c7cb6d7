package dev.vitals.agent.alerts;

import dev.vitals.agent.alerts.notify.Notification;
import dev.vitals.exporter.HttpError;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The alert state machine: what one observed value of a rule does to its alert. Pure: it is handed the time and
 * the values, reads no clock, does no I/O and starts no thread, so every rule below is unit-tested with a
 * made-up clock. The README's "Alerts" section states the same rules for users.
 *
 * <ul>
 *   <li><b>No data</b> (the value is NaN: an empty or too thin window, a metric nobody records, a rate without
 *       two samples yet) changes no state: a pending rule stays pending, an active alert stays active, a
 *       resolving alert keeps its clear time. Only Alertmanager's keep-alive is still sent.</li>
 *   <li><b>Firing:</b> while the condition holds the rule is pending; once it has held for the rule's
 *       {@code duration} an alert fires. People are told unless the rule notified them less than
 *       {@code cooldownPeriod} ago (then the firing is recorded but quiet).</li>
 *   <li><b>Repeats:</b> a firing (not acknowledged) alert is repeated each time its cooldown has passed.</li>
 *   <li><b>Suppression:</b> while a more severe rule on the same subject (metric, route, matchers, denominator:
 *       {@link AlertRule#subject}) has an active alert, a less severe rule's alert fires and is shown, but people
 *       are not told (nor repeated). Once the more severe alert is gone, a suppressed alert nobody was told of is
 *       told as FIRING at its next observation on which the condition holds.</li>
 *   <li><b>Escalation:</b> a firing alert that nobody acknowledged {@code escalateAfter} after people were
 *       first told of it is sent once more, as ESCALATED, to the escalation channels (at
 *       every observation, data or not); once per alert, kept across a restart.</li>
 *   <li><b>Resolving:</b> an active alert resolves itself ({@code auto}) once the condition has not held on
 *       observed data for the rule's {@code duration}, symmetrical to firing. With a duration of 0 the first
 *       such observation resolves it. A resolution is told to the channels unless nobody was told of the alert
 *       or it was acknowledged.</li>
 *   <li><b>Restart:</b> {@link #restore} puts the active alerts back with their status, start time and the
 *       rule's last notification (the cooldown), so a condition that still holds keeps its alert with no new
 *       FIRING, and since the first rounds after a start see no data, nothing resolves before fresh data
 *       shows the condition gone for the rule's duration.</li>
 * </ul>
 *
 * <p>Not thread-safe: the {@link AlertEngine} calls it under its lock.
 */
final class Evaluator {
    /** Something the channels must hear about; {@code alert} is a copy taken when it happened. */
    static final class Transition {
        final Notification.Kind kind;
        final AlertRule rule;
        final Alert alert;
        /** People are not told (cooldown running, acknowledged, nobody told before); Alertmanager still is. */
        final boolean quiet;

        Transition(Notification.Kind kind, AlertRule rule, Alert alert, boolean quiet) {
            this.kind = kind;
            this.rule = rule;
            this.alert = alert;
            this.quiet = quiet;
        }

        @Override
        public String toString() {
            return kind + (quiet ? " (quiet) " : " ") + alert.id;
        }
    }

    /** Evaluation state of one rule. */
    static final class RuleState {
        /** When the condition began to hold (0: it does not). */
        long pendingSince;
        /** When the condition, observed on data, stopped holding while an alert is active (0: it holds). */
        long clearSince;
        Alert active;
        /** When people were last told that this rule fired or still fires; the cooldown runs from here. */
        long lastNotifiedAt;
        long lastSyncAt;
        double lastValue = Double.NaN;
        /** The rule's {@link AlertRule#subject}, for suppression; null until the rule is observed or restored. */
        String subject;
    }

    private final Map<String, RuleState> states = new HashMap<>();
    /** Every alert, active ones included, oldest first; bounded by {@code historyLimit} resolved ones. */
    private final ArrayDeque<Alert> history = new ArrayDeque<>();
    private final int historyLimit;
    private final boolean alertmanager;
    private final long resendMillis;
    private final Supplier<String> ids;
    private final long escalateAfterMillis;

    Evaluator(int historyLimit, boolean alertmanager, long resendMillis, Supplier<String> ids) {
        this(historyLimit, alertmanager, resendMillis, ids, 0);
    }

    /**
     * @param alertmanager whether an Alertmanager channel exists, which wants active alerts re-sent
     * @param resendMillis how often Alertmanager gets them
     * @param ids new alert ids
     * @param escalateAfterMillis how long a firing alert may stay unacknowledged before it escalates; 0 never
     */
    Evaluator(int historyLimit, boolean alertmanager, long resendMillis, Supplier<String> ids, long escalateAfterMillis) {
        this.escalateAfterMillis = escalateAfterMillis;
        this.historyLimit = historyLimit;
        this.alertmanager = alertmanager;
        this.resendMillis = resendMillis;
        this.ids = ids;
    }

    static Supplier<String> randomIds() {
        return () -> "alert-" + UUID.randomUUID();
    }

    /**
     * Puts back what {@link AlertStore} kept: the history with its active alerts, and each rule's last
     * notification time. An active alert whose rule is gone or disabled resolves at once, quietly.
     */
    void restore(List<Alert> alerts, Map<String, Long> lastNotified, Function<String, AlertRule> rules, long now) {
        for (Map.Entry<String, Long> e : lastNotified.entrySet()) {
            state(e.getKey()).lastNotifiedAt = e.getValue();
        }
        for (Alert a : alerts) {
            history.addLast(a);
            RuleState state = state(a.ruleId);
            if (!lastNotified.containsKey(a.ruleId) && !a.active()) {
                // A history written before rule states were kept: a resolved alert's last notification is the
                // resolution, which also ran from the last firing, so it is a safe start for the cooldown.
                state.lastNotifiedAt = Math.max(state.lastNotifiedAt, a.lastNotifiedAt);
            }
            if (!a.active()) {
                continue;
            }
            AlertRule rule = rules.apply(a.ruleId);
            if (rule == null || !rule.enabled || state.active != null) {
                a.status = Alert.RESOLVED;
                a.resolvedAt = now;
                a.resolvedBy = rule == null ? "rule-deleted" : "rule-disabled";
            } else {
                state.active = a;
                state.subject = rule.subject;
                state.pendingSince = a.startsAt;
                state.lastValue = a.value;
                if (!lastNotified.containsKey(a.ruleId)) {
                    state.lastNotifiedAt = Math.max(state.lastNotifiedAt, a.lastNotifiedAt);
                }
            }
        }
        trimHistory();
    }

    /**
     * Applies one observed value of an enabled rule at {@code now}; NaN means no data.
     *
     * @return true when an alert changed in a way the history file must keep
     */
    boolean observe(AlertRule rule, double value, long now, List<Transition> out) {
        RuleState state = state(rule.id);
        state.lastValue = value;
        state.subject = rule.subject;
        Alert a = state.active;
        boolean escalated = a != null && escalate(rule, a, now, out);
        if (Double.isNaN(value)) {
            if (a != null) {
                sync(rule, state, a, now, out);
            }
            return escalated;
        }
        if (!rule.condition.test(value, rule.threshold)) {
            state.pendingSince = 0;
            if (a == null) {
                return false;
            }
            a.value = value;
            if (state.clearSince == 0) {
                state.clearSince = now;
            }
            if (now - state.clearSince >= rule.durationMillis) {
                resolve(rule, state, "auto", now, out);
                return true;
            }
            sync(rule, state, a, now, out);
            return escalated;
        }
        state.clearSince = 0;
        if (state.pendingSince == 0) {
            state.pendingSince = now;
        }
        if (a == null) {
            if (now - state.pendingSince < rule.durationMillis) {
                return false;
            }
            fire(rule, state, value, now, out);
            return true;
        }
        a.value = value;
        a.message = message(rule, value);
        if (Alert.FIRING.equals(a.status) && due(rule, state, a, now) && !suppressed(rule)) {
            // Nobody was told of it yet (suppressed or in cooldown when it fired): that is a FIRING for them.
            notifyPeople(a.notifications == 0 ? Notification.Kind.FIRING : Notification.Kind.REPEAT, rule, state, a,
                    now, out);
            return true;
        }
        sync(rule, state, a, now, out);
        return escalated;
    }

    /** Whether people should hear of the active alert again: never told and the cooldown allows, or a repeat. */
    private static boolean due(AlertRule rule, RuleState state, Alert a, long now) {
        boolean cooled = now - state.lastNotifiedAt >= rule.cooldownMillis;
        return a.notifications == 0 ? state.lastNotifiedAt == 0 || cooled : rule.cooldownMillis > 0 && cooled;
    }

    /** Whether a more severe rule on the same subject has an active alert (see the class comment). */
    private boolean suppressed(AlertRule rule) {
        for (RuleState s : states.values()) {
            if (s.active != null && s.active.severity.compareTo(rule.severity) > 0 && rule.subject.equals(s.subject)) {
                return true;
            }
        }
        return false;
    }

    /** Sends the alert to the escalation channels once, when it stayed unacknowledged long enough. */
    private boolean escalate(AlertRule rule, Alert a, long now, List<Transition> out) {
        // History written before firstNotifiedAt was kept: the firing time is the closest known.
        long told = a.firstNotifiedAt > 0 ? a.firstNotifiedAt : a.firedAt;
        if (escalateAfterMillis <= 0 || !Alert.FIRING.equals(a.status) || a.escalatedAt > 0 || a.notifications == 0
                || now - told < escalateAfterMillis) {
            return false;
        }
        a.escalatedAt = now;
        out.add(new Transition(Notification.Kind.ESCALATED, rule, a.copy(), false));
        return true;
    }

    private void sync(AlertRule rule, RuleState state, Alert a, long now, List<Transition> out) {
        if (alertmanager && now - state.lastSyncAt >= resendMillis) {
            out.add(new Transition(Notification.Kind.SYNC, rule, a.copy(), true));
            state.lastSyncAt = now;
        }
    }

    private void fire(AlertRule rule, RuleState state, double value, long now, List<Transition> out) {
        Alert a = new Alert(ids.get(), rule.id);
        a.ruleName = rule.name;
        a.metric = rule.metric + (rule.route != null ? " " + rule.route : "");
        a.category = rule.category();
        a.severity = rule.severity;
        a.condition = rule.condition.label();
        a.threshold = rule.threshold;
        a.value = value;
        a.labels = new LinkedHashMap<>(rule.labels);
        a.message = message(rule, value);
        a.startsAt = state.pendingSince;
        a.firedAt = now;
        state.active = a;
        state.clearSince = 0;
        history.addLast(a);
        trimHistory();
        if ((state.lastNotifiedAt == 0 || now - state.lastNotifiedAt >= rule.cooldownMillis) && !suppressed(rule)) {
            notifyPeople(Notification.Kind.FIRING, rule, state, a, now, out);
        } else {
            out.add(new Transition(Notification.Kind.FIRING, rule, a.copy(), true));
            state.lastSyncAt = now;
        }
    }

    private static void notifyPeople(Notification.Kind kind, AlertRule rule, RuleState state, Alert a, long now,
                                     List<Transition> out) {
        if (a.notifications == 0) {
            a.firstNotifiedAt = now;
        }
        a.lastNotifiedAt = now;
        a.notifications++;
        state.lastNotifiedAt = now;
        state.lastSyncAt = now;
        out.add(new Transition(kind, rule, a.copy(), false));
    }

    private static void resolve(AlertRule rule, RuleState state, String by, long now, List<Transition> out) {
        Alert a = state.active;
        boolean quiet = a.notifications == 0 || Alert.ACKNOWLEDGED.equals(a.status);
        a.status = Alert.RESOLVED;
        a.resolvedAt = now;
        a.resolvedBy = by;
        state.active = null;
        state.clearSince = 0;
        if (!quiet) {
            a.lastNotifiedAt = now;
            a.notifications++;
        }
        out.add(new Transition(Notification.Kind.RESOLVED, rule, a.copy(), quiet));
    }

    /** The rule was disabled: it stops pending, and its active alert resolves. True when the history changed. */
    boolean disabled(AlertRule rule, long now, List<Transition> out) {
        RuleState state = states.get(rule.id);
        if (state == null) {
            return false;
        }
        state.pendingSince = 0;
        if (state.active == null) {
            return false;
        }
        resolve(rule, state, "rule-disabled", now, out);
        return true;
    }

    /** The rule was deleted: its state goes and its active alert resolves. True when the history changed. */
    boolean deleted(AlertRule rule, long now, List<Transition> out) {
        RuleState state = states.remove(rule.id);
        if (state == null || state.active == null) {
            return false;
        }
        resolve(rule, state, "rule-deleted", now, out);
        return true;
    }

    /** Stops the alert's notifications; it stays active. 404 or 409 when there is no such active alert. */
    Alert acknowledge(String alertId, long now) {
        Alert a = findActive(alertId);
        if (Alert.FIRING.equals(a.status)) {
            a.status = Alert.ACKNOWLEDGED;
            a.acknowledgedAt = now;
        }
        return a.copy();
    }

    /**
     * Ends the alert by hand ({@code api}). The rule's condition must then hold for its whole duration again
     * before it fires anew.
     */
    Alert resolveByHand(String alertId, AlertRule rule, long now, List<Transition> out) {
        Alert a = findActive(alertId);
        RuleState state = states.get(a.ruleId);
        if (state != null && state.active == a) {
            resolve(rule, state, "api", now, out);
            state.pendingSince = 0;
        } else {
            a.status = Alert.RESOLVED;
            a.resolvedAt = now;
            a.resolvedBy = "api";
        }
        return a.copy();
    }

    /** The alert's rule id; 404 when unknown. */
    String ruleOf(String alertId) {
        return find(alertId).ruleId;
    }

    private Alert findActive(String alertId) {
        Alert a = find(alertId);
        if (!a.active()) {
            throw HttpError.conflict("alert '" + alertId + "' is already resolved");
        }
        return a;
    }

    private Alert find(String alertId) {
        for (Alert a : history) {
            if (a.id.equals(alertId)) {
                return a;
            }
        }
        throw HttpError.notFound("no alert with id '" + alertId + "'");
    }

    /** disabled, inactive, pending, firing or acknowledged. */
    String state(AlertRule rule) {
        if (rule == null || !rule.enabled) {
            return "disabled";
        }
        RuleState s = states.get(rule.id);
        if (s == null) {
            return "inactive";
        }
        if (s.active != null) {
            return s.active.status;
        }
        return s.pendingSince > 0 ? "pending" : "inactive";
    }

    double lastValue(String ruleId) {
        RuleState s = states.get(ruleId);
        return s == null ? Double.NaN : s.lastValue;
    }

    /** Active alerts, copied, most severe first, then newest first. */
    List<Alert> active() {
        List<Alert> out = new ArrayList<>();
        for (Alert a : history) {
            if (a.active()) {
                out.add(a.copy());
            }
        }
        out.sort((x, y) -> x.severity != y.severity ? y.severity.compareTo(x.severity) : Long.compare(y.firedAt, x.firedAt));
        return out;
    }

    /** The live history, oldest first; callers hold the engine's lock and copy what they hand out. */
    Iterable<Alert> history() {
        return history;
    }

    int historySize() {
        return history.size();
    }

    /** The newest {@code limit} alerts, copied, newest first. */
    List<Alert> newest(int limit) {
        List<Alert> out = new ArrayList<>(Math.min(limit, history.size()));
        Iterator<Alert> it = history.descendingIterator();
        while (it.hasNext() && out.size() < limit) {
            out.add(it.next().copy());
        }
        return out;
    }

    /** Each rule's last notification time, which {@link #restore} needs to keep cooldowns across a restart. */
    Map<String, Long> lastNotified() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, RuleState> e : states.entrySet()) {
            if (e.getValue().lastNotifiedAt > 0) {
                out.put(e.getKey(), e.getValue().lastNotifiedAt);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private RuleState state(String ruleId) {
        return states.computeIfAbsent(ruleId, k -> new RuleState());
    }

    private void trimHistory() {
        Iterator<Alert> it = history.iterator();
        int excess = history.size() - historyLimit;
        while (excess > 0 && it.hasNext()) {
            Alert a = it.next();
            if (!a.active()) {
                it.remove();
                excess--;
            }
        }
    }

    static String message(AlertRule rule, double value) {
        String unit = unit(rule);
        String subject = rule.metric + (rule.route != null ? " on " + rule.route : "")
                + (rule.matchers.isEmpty() ? "" : rule.matchers.toString());
        String text = rule.name + ": " + subject + " is " + DefaultRules.fmt(round(value)) + unit + " ("
                + rule.condition.label().replace('_', ' ') + " " + DefaultRules.fmt(rule.threshold) + unit + ")";
        if (rule.metric.equals("memory_leak_rate")) {
            text += ". Recommendation: " + dev.vitals.agent.jvm.LeakAnalysis.RECOMMENDATION;
        }
        return text;
    }

    private static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 10) / 10.0;
    }

    private static String unit(AlertRule rule) {
        if (rule.denominator != null) {
            return "";
        }
        String m = rule.metric;
        if (m.startsWith("response_time") || m.equals("gc_time")) {
            return "ms";
        }
        if (m.equals("error_rate") || m.equals("memory_usage")) {
            return "%";
        }
        if (m.equals("memory_used")) {
            return "MB";
        }
        if (m.equals("memory_leak_rate")) {
            return "MB/min";
        }
        if (m.equals("requests_per_minute")) {
            return "/min";
        }
        return "";
    }
}

package dev.vitals.agent.alerts;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.history.AlertRecord;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One alert: a rule's condition held for the rule's duration. It is {@code firing} until the condition stops
 * holding (resolved {@code auto}), someone resolves it ({@code api}), or its rule is disabled or deleted.
 * {@code acknowledged} keeps it active but stops its notifications.
 *
 * <p>Mutable; guarded by the {@link AlertEngine}'s lock, changed only by the {@link Evaluator}. Notifications get an immutable {@link #copy()}.
 */
public final class Alert {
    static final String FIRING = "firing";
    static final String ACKNOWLEDGED = "acknowledged";
    static final String RESOLVED = "resolved";

    final String id;
    final String ruleId;
    String ruleName;
    String metric;
    String category;
    Severity severity;
    String condition;
    double threshold;
    double value;
    Map<String, String> labels;
    String status = FIRING;
    String message;
    /** When the condition started to hold (Alertmanager's startsAt). */
    long startsAt;
    /** When the duration had passed and the alert fired. */
    long firedAt;
    long acknowledgedAt;
    /** When the alert, still unacknowledged, was sent to the escalation channels (0: not escalated). */
    long escalatedAt;
    long resolvedAt;
    String resolvedBy;
    long lastNotifiedAt;
    /** When people were first told (later than firedAt when it fired quietly); escalation counts from here. */
    long firstNotifiedAt;
    int notifications;

    Alert(String id, String ruleId) {
        this.id = id;
        this.ruleId = ruleId;
    }

    public String id() {
        return id;
    }

    public String ruleId() {
        return ruleId;
    }

    public Severity severity() {
        return severity;
    }

    public String status() {
        return status;
    }

    public String message() {
        return message;
    }

    public String ruleName() {
        return ruleName;
    }

    public double value() {
        return value;
    }

    public double threshold() {
        return threshold;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public long startsAt() {
        return startsAt;
    }

    public long resolvedAt() {
        return resolvedAt;
    }

    public long escalatedAt() {
        return escalatedAt;
    }

    public String category() {
        return category;
    }

    public String metric() {
        return metric;
    }

    public String condition() {
        return condition;
    }

    /**
     * Whether the subject is read from the health checks ({@code health_status}, {@code dependencies_down}, ...).
     * {@code /health} shows those checks itself; counting such an alert there as well would keep it firing on its own.
     */
    public boolean onHealth() {
        return Subjects.FROM_HEALTH.contains(metric);
    }

    public boolean active() {
        return !RESOLVED.equals(status);
    }

    Alert copy() {
        Alert a = new Alert(id, ruleId);
        a.ruleName = ruleName;
        a.metric = metric;
        a.category = category;
        a.severity = severity;
        a.condition = condition;
        a.threshold = threshold;
        a.value = value;
        a.labels = labels;
        a.status = status;
        a.message = message;
        a.startsAt = startsAt;
        a.firedAt = firedAt;
        a.acknowledgedAt = acknowledgedAt;
        a.escalatedAt = escalatedAt;
        a.resolvedAt = resolvedAt;
        a.resolvedBy = resolvedBy;
        a.lastNotifiedAt = lastNotifiedAt;
        a.firstNotifiedAt = firstNotifiedAt;
        a.notifications = notifications;
        return a;
    }

    /** A snapshot as performance reports list it ({@link AlertView.Shape#REPORT}), to write after the lock is released. */
    AlertRecord reportRecord() {
        Alert snapshot = copy();
        return g -> AlertView.write(g, snapshot, AlertView.Shape.REPORT);
    }

    /** The API's and the history file's shape ({@link AlertView.Shape#FULL}); {@link AlertStore} reads it back. */
    public void write(JsonGenerator g) throws IOException {
        AlertView.write(g, this, AlertView.Shape.FULL);
    }

    /** Reads {@link #write}'s shape; {@code null} when a required field is missing or malformed. */
    static Alert read(Object o) {
        if (!(o instanceof Map)) {
            return null;
        }
        Map<?, ?> m = (Map<?, ?>) o;
        Object id = m.get("id");
        Object ruleId = m.get("ruleId");
        Severity severity = m.get("severity") instanceof String ? Severity.of((String) m.get("severity")) : null;
        if (!(id instanceof String) || !(ruleId instanceof String) || severity == null) {
            return null;
        }
        Alert a = new Alert((String) id, (String) ruleId);
        a.ruleName = str(m, "ruleName");
        a.metric = str(m, "metricType");
        a.category = str(m, "type");
        a.severity = severity;
        a.status = str(m, "status");
        if (!FIRING.equals(a.status) && !ACKNOWLEDGED.equals(a.status)) {
            a.status = RESOLVED;
        }
        a.message = str(m, "message");
        a.condition = str(m, "condition");
        a.threshold = num(m, "threshold");
        a.value = num(m, "current");
        Map<String, String> labels = new LinkedHashMap<>();
        if (m.get("labels") instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) m.get("labels")).entrySet()) {
                labels.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
            }
        }
        a.labels = labels;
        a.startsAt = time(m, "startsAt");
        a.firedAt = time(m, "firedAt");
        a.acknowledgedAt = time(m, "acknowledgedAt");
        a.escalatedAt = time(m, "escalatedAt");
        a.resolvedAt = time(m, "resolvedAt");
        a.resolvedBy = m.get("resolvedBy") instanceof String ? (String) m.get("resolvedBy") : null;
        a.lastNotifiedAt = time(m, "lastNotifiedAt");
        a.firstNotifiedAt = time(m, "firstNotifiedAt");
        a.notifications = (int) num(m, "notifications");
        return a;
    }

    private static String str(Map<?, ?> m, String field) {
        Object v = m.get(field);
        return v instanceof String ? (String) v : "";
    }

    private static double num(Map<?, ?> m, String field) {
        Object v = m.get(field);
        return v instanceof Double ? (Double) v : 0;
    }

    private static long time(Map<?, ?> m, String field) {
        Object v = m.get(field);
        if (!(v instanceof String)) {
            return 0;
        }
        try {
            return Instant.parse((String) v).toEpochMilli();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}

package dev.vitals.agent.alerts;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.web.JsonValues;

import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * How an alert is shown: one writer for every place that shows one, each place choosing a {@link Shape}, i.e.
 * which fields it gets and how precise {@code current} is. Adding a field to an alert is a change here only.
 */
public final class AlertView {
    /** The fields an alert can show, in the order they are written. */
    enum Field {
        ID, RULE_ID, NAME, RULE_NAME, METRIC_TYPE, TYPE, SEVERITY, LEVEL, STATUS, MESSAGE, CONDITION, THRESHOLD,
        CURRENT, LABELS, SINCE, STARTS_AT, FIRED_AT, ACKNOWLEDGED_AT, ESCALATED_AT, RESOLVED_AT, RESOLVED_BY,
        FIRST_NOTIFIED_AT, LAST_NOTIFIED_AT,
        NOTIFICATIONS
    }

    /** Where an alert is shown. */
    public enum Shape {
        /** Everything: the alert API ({@code /alerts/active}, {@code /alerts/history}) and the history file. */
        FULL(3, EnumSet.complementOf(EnumSet.of(Field.NAME, Field.SINCE))),
        /**
         * The short item of {@code /health/alerts} and the dashboard's {@code alerts[]}: level, type, message,
         * threshold and current (one decimal), with id, rule id, status and since (when it fired).
         */
        SUMMARY(1, EnumSet.of(Field.LEVEL, Field.TYPE, Field.MESSAGE, Field.THRESHOLD, Field.CURRENT, Field.ID,
                Field.RULE_ID, Field.STATUS, Field.SINCE)),
        /** What the live stream pushes and the dashboard page reads: the API's fields plus {@code name}. */
        STREAM(3, EnumSet.of(Field.ID, Field.NAME, Field.SEVERITY, Field.STATUS, Field.MESSAGE, Field.METRIC_TYPE,
                Field.THRESHOLD, Field.CURRENT));

        private final double scale;
        private final Set<Field> fields;

        Shape(int decimals, Set<Field> fields) {
            this.scale = Math.pow(10, decimals);
            this.fields = Collections.unmodifiableSet(fields);
        }
    }

    private AlertView() {
    }

    /** Writes {@code a} as one JSON object of the given shape. */
    public static void write(JsonGenerator g, Alert a, Shape shape) throws IOException {
        g.writeStartObject();
        for (Field field : Field.values()) {
            if (shape.fields.contains(field)) {
                field(g, a, field, shape);
            }
        }
        g.writeEndObject();
    }

    private static void field(JsonGenerator g, Alert a, Field field, Shape shape) throws IOException {
        switch (field) {
            case ID:
                g.writeStringField("id", a.id);
                break;
            case RULE_ID:
                g.writeStringField("ruleId", a.ruleId);
                break;
            case NAME:
                g.writeStringField("name", a.ruleName);
                break;
            case RULE_NAME:
                g.writeStringField("ruleName", a.ruleName);
                break;
            case METRIC_TYPE:
                g.writeStringField("metricType", a.metric);
                break;
            case TYPE:
                g.writeStringField("type", a.category);
                break;
            case SEVERITY:
                g.writeStringField("severity", a.severity.label());
                break;
            case LEVEL:
                g.writeStringField("level", a.severity.label());
                break;
            case STATUS:
                g.writeStringField("status", a.status);
                break;
            case MESSAGE:
                g.writeStringField("message", a.message);
                break;
            case CONDITION:
                g.writeStringField("condition", a.condition);
                break;
            case THRESHOLD:
                g.writeNumberField("threshold", a.threshold);
                break;
            case CURRENT:
                g.writeFieldName("current");
                JsonValues.write(g, Math.round(a.value * shape.scale) / shape.scale);
                break;
            case LABELS:
                g.writeFieldName("labels");
                JsonValues.write(g, a.labels);
                break;
            case SINCE:
                g.writeStringField("since", Instant.ofEpochMilli(a.firedAt).toString());
                break;
            case STARTS_AT:
                time(g, "startsAt", a.startsAt);
                break;
            case FIRED_AT:
                time(g, "firedAt", a.firedAt);
                break;
            case ACKNOWLEDGED_AT:
                time(g, "acknowledgedAt", a.acknowledgedAt);
                break;
            case ESCALATED_AT:
                time(g, "escalatedAt", a.escalatedAt);
                break;
            case RESOLVED_AT:
                time(g, "resolvedAt", a.resolvedAt);
                break;
            case RESOLVED_BY:
                if (a.resolvedBy != null) {
                    g.writeStringField("resolvedBy", a.resolvedBy);
                }
                break;
            case FIRST_NOTIFIED_AT:
                time(g, "firstNotifiedAt", a.firstNotifiedAt);
                break;
            case LAST_NOTIFIED_AT:
                time(g, "lastNotifiedAt", a.lastNotifiedAt);
                break;
            default:
                g.writeNumberField("notifications", a.notifications);
                break;
        }
    }

    private static void time(JsonGenerator g, String field, long millis) throws IOException {
        if (millis > 0) {
            g.writeStringField(field, Instant.ofEpochMilli(millis).toString());
        }
    }
}

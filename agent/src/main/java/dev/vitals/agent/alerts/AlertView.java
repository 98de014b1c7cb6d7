package dev.vitals.agent.alerts;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.web.JsonValues;

import java.io.IOException;
import java.time.Instant;

/**
 * How an alert is shown: one writer for every place that shows one, each place choosing a {@link Shape}, i.e.
 * which fields it gets, in which order, and how precise the numbers are. Adding a field to an alert is a change
 * here only.
 */
public final class AlertView {
    /** The fields an alert can show. */
    enum Field {
        ID, RULE_ID, NAME, RULE_NAME, METRIC_TYPE, TYPE, SEVERITY, LEVEL, STATUS, MESSAGE, CONDITION, THRESHOLD,
        CURRENT, VALUE, LABELS, SINCE, STARTS_AT, FIRED_AT, TRIGGERED_AT, ACKNOWLEDGED_AT, ESCALATED_AT, RESOLVED_AT,
        RESOLVED_BY, FIRST_NOTIFIED_AT, LAST_NOTIFIED_AT, NOTIFICATIONS
    }

    /** Where an alert is shown. */
    public enum Shape {
        /** Everything: the alert API ({@code /alerts/active}, {@code /alerts/history}) and the history file. */
        FULL(3, false, Field.ID, Field.RULE_ID, Field.RULE_NAME, Field.METRIC_TYPE, Field.TYPE, Field.SEVERITY,
                Field.LEVEL, Field.STATUS, Field.MESSAGE, Field.CONDITION, Field.THRESHOLD, Field.CURRENT, Field.LABELS,
                Field.STARTS_AT, Field.FIRED_AT, Field.ACKNOWLEDGED_AT, Field.ESCALATED_AT, Field.RESOLVED_AT,
                Field.RESOLVED_BY, Field.FIRST_NOTIFIED_AT, Field.LAST_NOTIFIED_AT, Field.NOTIFICATIONS),
        /**
         * The short item of {@code /health/alerts} and the dashboard's {@code alerts[]}: level, type, message,
         * threshold and current (one decimal), with id, rule id, status and since (when it fired).
         */
        SUMMARY(1, false, Field.ID, Field.RULE_ID, Field.TYPE, Field.LEVEL, Field.STATUS, Field.MESSAGE,
                Field.THRESHOLD, Field.CURRENT, Field.SINCE),
        /** What the live stream pushes and the dashboard page reads: the API's fields plus {@code name}. */
        STREAM(3, false, Field.ID, Field.NAME, Field.METRIC_TYPE, Field.SEVERITY, Field.STATUS, Field.MESSAGE,
                Field.THRESHOLD, Field.CURRENT),
        /**
         * A performance report's {@code alerts[]}: a row of fixed columns, value and threshold to one decimal,
         * {@code triggeredAt} (when it fired) and {@code resolvedAt}, null while the alert is active.
         */
        REPORT(1, true, Field.ID, Field.NAME, Field.SEVERITY, Field.METRIC_TYPE, Field.STATUS, Field.MESSAGE,
                Field.VALUE, Field.THRESHOLD, Field.TRIGGERED_AT, Field.RESOLVED_AT);

        private final double scale;
        /** Every field is written: null when unknown or not yet set, the threshold rounded like the value. */
        private final boolean fixedColumns;
        private final Field[] fields;

        Shape(int decimals, boolean fixedColumns, Field... fields) {
            this.scale = Math.pow(10, decimals);
            this.fixedColumns = fixedColumns;
            this.fields = fields;
        }
    }

    private AlertView() {
    }

    /** Writes {@code a} as one JSON object of the given shape. */
    public static void write(JsonGenerator g, Alert a, Shape shape) throws IOException {
        g.writeStartObject();
        for (Field field : shape.fields) {
            field(g, a, field, shape);
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
                if (shape.fixedColumns) {
                    rounded(g, "threshold", a.threshold, shape);
                } else {
                    g.writeNumberField("threshold", a.threshold);
                }
                break;
            case CURRENT:
                g.writeFieldName("current");
                JsonValues.write(g, Math.round(a.value * shape.scale) / shape.scale);
                break;
            case VALUE:
                rounded(g, "value", a.value, shape);
                break;
            case LABELS:
                g.writeFieldName("labels");
                JsonValues.write(g, a.labels);
                break;
            case SINCE:
                g.writeStringField("since", Instant.ofEpochMilli(a.firedAt).toString());
                break;
            case STARTS_AT:
                time(g, "startsAt", a.startsAt, shape);
                break;
            case FIRED_AT:
                time(g, "firedAt", a.firedAt, shape);
                break;
            case TRIGGERED_AT:
                time(g, "triggeredAt", a.firedAt, shape);
                break;
            case ACKNOWLEDGED_AT:
                time(g, "acknowledgedAt", a.acknowledgedAt, shape);
                break;
            case ESCALATED_AT:
                time(g, "escalatedAt", a.escalatedAt, shape);
                break;
            case RESOLVED_AT:
                time(g, "resolvedAt", a.resolvedAt, shape);
                break;
            case RESOLVED_BY:
                if (a.resolvedBy != null) {
                    g.writeStringField("resolvedBy", a.resolvedBy);
                } else if (shape.fixedColumns) {
                    g.writeNullField("resolvedBy");
                }
                break;
            case FIRST_NOTIFIED_AT:
                time(g, "firstNotifiedAt", a.firstNotifiedAt, shape);
                break;
            case LAST_NOTIFIED_AT:
                time(g, "lastNotifiedAt", a.lastNotifiedAt, shape);
                break;
            default:
                g.writeNumberField("notifications", a.notifications);
                break;
        }
    }

    /** Rounded to the shape's decimals; null when unknown (NaN or infinite). */
    private static void rounded(JsonGenerator g, String field, double value, Shape shape) throws IOException {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, Math.round(value * shape.scale) / shape.scale);
        }
    }

    /** An instant; left out while not set (0), or null in a shape of fixed columns. */
    private static void time(JsonGenerator g, String field, long millis, Shape shape) throws IOException {
        if (millis > 0) {
            g.writeStringField(field, Instant.ofEpochMilli(millis).toString());
        } else if (shape.fixedColumns) {
            g.writeNullField(field);
        }
    }
}

package dev.vitals.agent.history;

/**
 * One alert as a report lists it (id, rule, severity, metric, status, message, value, threshold, times). Immutable. {@code resolvedAtMillis} is 0 while the
 * alert is still active; {@code value} and {@code threshold} are NaN when unknown.
 */
public final class AlertRecord {
    public final String id;
    public final String name;
    public final String severity;
    public final String metricType;
    public final String status;
    public final String message;
    public final double value;
    public final double threshold;
    public final long triggeredAtMillis;
    public final long resolvedAtMillis;

    public AlertRecord(String id, String name, String severity, String metricType, String status, String message,
                       double value, double threshold, long triggeredAtMillis, long resolvedAtMillis) {
        this.id = id;
        this.name = name;
        this.severity = severity;
        this.metricType = metricType;
        this.status = status;
        this.message = message;
        this.value = value;
        this.threshold = threshold;
        this.triggeredAtMillis = triggeredAtMillis;
        this.resolvedAtMillis = resolvedAtMillis;
    }
}

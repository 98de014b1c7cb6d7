package dev.vitals.agent.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The outcome of one run of a {@link HealthCheck}. Immutable. */
public final class CheckResult {
    private final HealthStatus status;
    private final String message;
    private final Double observedValue;
    private final String observedUnit;
    private final Map<String, Object> details;

    private CheckResult(HealthStatus status, String message, Double observedValue, String observedUnit,
                        Map<String, Object> details) {
        this.status = status;
        this.message = message;
        this.observedValue = observedValue;
        this.observedUnit = observedUnit;
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static CheckResult healthy(String message) {
        return new CheckResult(HealthStatus.HEALTHY, message, null, null, Collections.emptyMap());
    }

    public static CheckResult degraded(String message) {
        return new CheckResult(HealthStatus.DEGRADED, message, null, null, Collections.emptyMap());
    }

    public static CheckResult unhealthy(String message) {
        return new CheckResult(HealthStatus.UNHEALTHY, message, null, null, Collections.emptyMap());
    }

    public static CheckResult of(HealthStatus status, String message) {
        return new CheckResult(status, message, null, null, Collections.emptyMap());
    }

    /** The figure the draft format reports as {@code observedValue}/{@code observedUnit}. */
    public CheckResult observed(double value, String unit) {
        return new CheckResult(status, message, value, unit, details);
    }

    /** Extra fields shown by {@code /health} and {@code /health/detailed}; values are strings, numbers or booleans. */
    public CheckResult detail(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(details);
        copy.put(key, value);
        return new CheckResult(status, message, observedValue, observedUnit, copy);
    }

    CheckResult withStatus(HealthStatus newStatus, String newMessage) {
        return new CheckResult(newStatus, newMessage, observedValue, observedUnit, details);
    }

    public HealthStatus status() {
        return status;
    }

    public String message() {
        return message;
    }

    public Double observedValue() {
        return observedValue;
    }

    public String observedUnit() {
        return observedUnit;
    }

    public Map<String, Object> details() {
        return details;
    }
}

package dev.vitals.agent.health;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.web.JsonValues;
import dev.vitals.exporter.JsonWriter;

import java.io.IOException;
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
    /** Fields a view's writer adds after the details, or null. */
    private final JsonWriter fields;

    private CheckResult(HealthStatus status, String message, Double observedValue, String observedUnit,
                        Map<String, Object> details, JsonWriter fields) {
        this.status = status;
        this.message = message;
        this.observedValue = observedValue;
        this.observedUnit = observedUnit;
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        this.fields = fields;
    }

    public static CheckResult healthy(String message) {
        return new CheckResult(HealthStatus.HEALTHY, message, null, null, Collections.emptyMap(), null);
    }

    public static CheckResult degraded(String message) {
        return new CheckResult(HealthStatus.DEGRADED, message, null, null, Collections.emptyMap(), null);
    }

    public static CheckResult unhealthy(String message) {
        return new CheckResult(HealthStatus.UNHEALTHY, message, null, null, Collections.emptyMap(), null);
    }

    public static CheckResult of(HealthStatus status, String message) {
        return new CheckResult(status, message, null, null, Collections.emptyMap(), null);
    }

    /** The figure the draft format reports as {@code observedValue}/{@code observedUnit}. */
    public CheckResult observed(double value, String unit) {
        return new CheckResult(status, message, value, unit, details, fields);
    }

    /** Extra fields shown by {@code /health} and {@code /health/detailed}; values are strings, numbers or booleans. */
    public CheckResult detail(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(details);
        copy.put(key, value);
        return new CheckResult(status, message, observedValue, observedUnit, copy, fields);
    }

    /**
     * Extra fields written after the details by the writer of the thing checked (a data source's view), so that
     * the check shows it as its own endpoint does; replaces any set before.
     */
    public CheckResult fields(JsonWriter writer) {
        return new CheckResult(status, message, observedValue, observedUnit, details, writer);
    }

    CheckResult withStatus(HealthStatus newStatus, String newMessage) {
        return new CheckResult(newStatus, newMessage, observedValue, observedUnit, details, fields);
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

    /** Writes the details, then the extra fields, into the object being written. */
    public void writeDetails(JsonGenerator g) throws IOException {
        JsonValues.writeFields(g, details);
        if (fields != null) {
            fields.write(g);
        }
    }
}

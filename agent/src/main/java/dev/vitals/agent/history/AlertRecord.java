package dev.vitals.agent.history;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;

/**
 * One alert as a report lists it. The alert feature writes it (its {@code AlertView} has the report's shape), so
 * reports know none of an alert's fields. A snapshot: written on a listener worker thread after the alert engine
 * has let go of the alert.
 */
@FunctionalInterface
public interface AlertRecord {
    /** Writes the alert as one JSON object. */
    void write(JsonGenerator g) throws IOException;
}

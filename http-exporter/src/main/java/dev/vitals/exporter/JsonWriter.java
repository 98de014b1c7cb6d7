package dev.vitals.exporter;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * Writes one JSON document to a generator created from the exporter's shared {@code JsonFactory}.
 *
 * <p>The document is rendered fully into memory before anything is sent, so a writer that throws produces a
 * clean error answer rather than a truncated body.
 */
@FunctionalInterface
public interface JsonWriter {
    void write(JsonGenerator g) throws IOException;
}

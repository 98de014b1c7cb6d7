package dev.vitals.exporter;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The one shared jackson-core {@link JsonFactory} (thread-safe; creating factories is costly and each keeps
 * its own buffer recyclers and symbol tables).
 */
public final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private Json() {
    }

    /** The shared factory, for generators and for parsing request bodies. */
    public static JsonFactory factory() {
        return FACTORY;
    }

    /** Renders one document to UTF-8 bytes. */
    public static byte[] toBytes(JsonWriter writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            writer.write(g);
        }
        return out.toByteArray();
    }

    /** The standard error body {@code {"error": ..., "detail": ...}}; {@code detail} is left out when null. */
    static byte[] error(String error, String detail) {
        try {
            return toBytes(g -> {
                g.writeStartObject();
                g.writeStringField("error", error);
                if (detail != null) {
                    g.writeStringField("detail", detail);
                }
                g.writeEndObject();
            });
        } catch (IOException e) {
            // Writing two strings to memory cannot fail; keep the answer well-formed anyway.
            throw new IllegalStateException(e);
        }
    }
}

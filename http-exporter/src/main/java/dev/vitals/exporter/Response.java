package dev.vitals.exporter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Handler} answers: status, content type, extra headers and a body.
 *
 * <p>A response is built and returned by one handler call and is not thread-safe. JSON bodies are rendered
 * by the exporter after the handler returns, on the same worker thread; gzip and {@code Content-Length} are
 * the exporter's business.
 */
public final class Response {
    /** {@code application/json}. */
    public static final String JSON = "application/json";

    private final int status;
    private final String contentType;
    private final byte[] bytes;
    private final JsonWriter json;
    private List<String[]> headers = Collections.emptyList();

    private Response(int status, String contentType, byte[] bytes, JsonWriter json) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be 100-599, got " + status);
        }
        this.status = status;
        this.contentType = Objects.requireNonNull(contentType, "contentType");
        checkHeaderValue(contentType);
        this.bytes = bytes;
        this.json = json;
    }

    /** 200 with {@code application/json}. */
    public static Response json(JsonWriter writer) {
        return json(200, JSON, writer);
    }

    /** {@code status} with {@code application/json}. */
    public static Response json(int status, JsonWriter writer) {
        return json(status, JSON, writer);
    }

    /** {@code status} with a JSON-based content type such as {@code application/health+json}. */
    public static Response json(int status, String contentType, JsonWriter writer) {
        return new Response(status, contentType, null, Objects.requireNonNull(writer, "writer"));
    }

    /** A text body, encoded as UTF-8 (say so in {@code contentType}, e.g. {@code text/html; charset=utf-8}). */
    public static Response text(int status, String contentType, String body) {
        return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8), null);
    }

    /** A body given as bytes; the array is not copied and must not change afterwards. */
    public static Response bytes(int status, String contentType, byte[] body) {
        return new Response(status, contentType, Objects.requireNonNull(body, "body"), null);
    }

    /**
     * Adds a response header. {@code Content-Type}, {@code Content-Length} and {@code Content-Encoding} are
     * set by the exporter and are ignored here.
     *
     * @throws IllegalArgumentException if the name is not an HTTP token or the value contains a line break
     */
    public Response header(String name, String value) {
        checkHeaderName(name);
        checkHeaderValue(Objects.requireNonNull(value, "value"));
        if (headers.isEmpty()) {
            headers = new ArrayList<>(4);
        }
        headers.add(new String[] {name, value});
        return this;
    }

    public int status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    List<String[]> headers() {
        return headers;
    }

    /** The body bytes, rendering JSON now if this is a JSON response. */
    byte[] render() throws IOException {
        return json != null ? Json.toBytes(json) : bytes;
    }

    private static void checkHeaderName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("header name must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
            if (!token) {
                throw new IllegalArgumentException("invalid header name: " + name);
            }
        }
    }

    private static void checkHeaderValue(String value) {
        // A line break in a header value would let a caller inject headers (response splitting).
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("header value must not contain a line break");
        }
    }
}

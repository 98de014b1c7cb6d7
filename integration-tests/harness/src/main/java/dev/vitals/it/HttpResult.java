package dev.vitals.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP answer: status, headers and the body exactly as sent (never decompressed).
 *
 * @param status the status code
 * @param headers the response headers
 * @param bytes the raw body
 */
public record HttpResult(int status, HttpHeaders headers, byte[] bytes) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The body decoded as UTF-8. */
    public String body() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The body parsed as JSON; fails the test, showing the body, when it is not JSON. */
    public JsonNode json() {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + this, e);
        }
    }

    /** The first value of header {@code name}, or {@code null}. */
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** The {@code Content-Type} header, or the empty string. */
    public String contentType() {
        return headers.firstValue("Content-Type").orElse("");
    }

    @Override
    public String toString() {
        String body = body();
        return "HTTP " + status + " " + contentType() + "\n" + (body.length() > 2000 ? body.substring(0, 2000) + "..." : body);
    }
}

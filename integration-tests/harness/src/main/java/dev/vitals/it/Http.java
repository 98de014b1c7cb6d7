package dev.vitals.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A small HTTP/1.1 client for tests, with explicit timeouts so that a hung child JVM fails a test instead of
 * hanging the build. Thread-safe.
 */
public final class Http {
    /** How long one request may take, connection included. */
    public static final Duration TIMEOUT = Duration.ofSeconds(15);

    // HTTP/1.1 only: the JDK client otherwise offers an h2c upgrade, which is not what we test.
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private Http() {
    }

    public static HttpResult get(URI uri) {
        return send("GET", uri, null, Map.of());
    }

    public static HttpResult get(URI uri, Map<String, String> headers) {
        return send("GET", uri, null, headers);
    }

    public static HttpResult post(URI uri, String body, Map<String, String> headers) {
        return send("POST", uri, body, headers);
    }

    /** Sends {@code method} with {@code body} ({@code null} for none) and returns the answer, whatever its status. */
    public static HttpResult send(String method, URI uri, String body, Map<String, String> headers) {
        return send(method, uri, body, headers, TIMEOUT);
    }

    /** Like {@link #send(String, URI, String, Map)} with another timeout, for a first request that compiles a JSP. */
    public static HttpResult send(String method, URI uri, String body, Map<String, String> headers, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new HttpResult(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + uri, e);
        }
    }
}

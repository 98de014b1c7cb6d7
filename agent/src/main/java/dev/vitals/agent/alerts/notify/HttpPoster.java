package dev.vitals.agent.alerts.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** One JSON POST with the JDK client; anything but a 2xx answer is a {@link DeliveryException}. Thread-safe. */
final class HttpPoster {
    private final HttpClient client;
    private final Duration timeout;

    HttpPoster(long timeoutMillis) {
        this.timeout = Duration.ofMillis(timeoutMillis);
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    void post(URI uri, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "vitals-agent")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, String> h : headers.entrySet()) {
            b.header(h.getKey(), h.getValue());
        }
        HttpResponse<Void> response = client.send(b.build(), HttpResponse.BodyHandlers.discarding());
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw new DeliveryException("HTTP " + status);
        }
    }
}

package dev.vitals.agent.stream;

import dev.vitals.exporter.HttpExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stream endpoint on a real in-process listener, spoken to by the JDK's WebSocket client. */
class StreamEndpointTest {
    private final StreamHub hub = new StreamHub();
    private final AtomicLong ticks = new AtomicLong();
    private HttpExporter exporter;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        hub.registerGroup("system", g -> {
            g.writeStartObject();
            g.writeNumberField("tick", ticks.incrementAndGet());
            g.writeEndObject();
        });
        hub.registerGroup("health", g -> g.writeString("healthy"));
        hub.registerGroup("cache", g -> {
            throw new IllegalStateException("broken feature");
        });
        HttpExporter.Builder builder = HttpExporter.builder().host("127.0.0.1").port(0);
        new StreamEndpoint(hub, new StreamEndpoint.Limits(1000, 50, 2, 64 * 1024)).register(builder);
        exporter = builder.start();
    }

    @AfterEach
    void stop() {
        exporter.close();
    }

    @Test
    void snapshotThenUpdatesAndAlertsPushedToEveryClient() throws Exception {
        Messages a = connect("?metrics=system,health&interval=50");
        String snapshot = a.next();
        assertTrue(snapshot.startsWith("{\"type\":\"snapshot\""), snapshot);
        assertTrue(snapshot.contains("\"interval\":50,\"metrics\":[\"system\",\"health\"]"), snapshot);
        assertTrue(snapshot.contains("\"available\":[\"cache\",\"system\",\"health\"]"), snapshot);
        assertTrue(snapshot.contains("\"data\":{\"system\":{\"tick\":"), snapshot);
        assertTrue(snapshot.contains("\"health\":\"healthy\""), snapshot);
        String update = a.next();
        assertTrue(update.startsWith("{\"type\":\"update\""), update);
        assertTrue(update.contains("\"system\":{\"tick\":"), update);

        Messages b = connect("?metrics=health");
        assertTrue(b.next().contains("\"type\":\"snapshot\""));
        assertEquals(2, hub.publishAlert(g -> {
            g.writeStartObject();
            g.writeStringField("id", "a1");
            g.writeStringField("state", "firing");
            g.writeEndObject();
        }));
        assertTrue(a.nextOfType("alert").contains("\"data\":{\"id\":\"a1\",\"state\":\"firing\"}"));
        assertTrue(b.nextOfType("alert").contains("\"id\":\"a1\""));
    }

    @Test
    void aFailingGroupIsReportedAndTheOthersStillCome() throws Exception {
        Messages m = connect("?metrics=cache,health&interval=1000");
        String snapshot = m.next();
        assertTrue(snapshot.contains("\"cache\":{\"error\":\"unavailable\"}"), snapshot);
        assertTrue(snapshot.contains("\"health\":\"healthy\""), snapshot);
    }

    @Test
    void unknownGroupIsRefusedAtTheHandshakeNamingTheValidOnes() throws Exception {
        HttpResponse<String> plain = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + exporter.port()
                + StreamEndpoint.PATH)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(426, plain.statusCode(), plain.body());
        assertTrue(plain.body().contains("WebSocket endpoint"), plain.body());
        CompletionException e = assertThrows(CompletionException.class,
                () -> client.newWebSocketBuilder().buildAsync(uri("?metrics=requests,nope"), new Messages()).join());
        WebSocketHandshakeException h = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
        assertEquals(400, h.getResponse().statusCode());
        String body = String.valueOf(h.getResponse().body());
        assertTrue(body.contains("unknown metric group 'nope'") && body.contains("circuit-breakers"), body);
    }

    @Test
    void connectionCapGives429() throws Exception {
        connect("").next();
        connect("").next();
        CompletionException e = assertThrows(CompletionException.class,
                () -> client.newWebSocketBuilder().buildAsync(uri(""), new Messages()).join());
        assertEquals(429, assertInstanceOf(WebSocketHandshakeException.class, e.getCause()).getResponse().statusCode());
    }

    private URI uri(String query) {
        return URI.create("ws://127.0.0.1:" + exporter.port() + StreamEndpoint.PATH + query);
    }

    private Messages connect(String query) {
        Messages m = new Messages();
        client.newWebSocketBuilder().buildAsync(uri(query), m).join();
        return m;
    }

    /** Collects whole text messages. */
    static final class Messages implements WebSocket.Listener {
        final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                queue.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        String next() throws InterruptedException {
            String m = queue.poll(10, TimeUnit.SECONDS);
            assertNotNull(m, "no message within 10 s");
            return m;
        }

        String nextOfType(String type) throws InterruptedException {
            while (true) {
                String m = next();
                if (m.startsWith("{\"type\":\"" + type + "\"")) {
                    return m;
                }
            }
        }
    }
}

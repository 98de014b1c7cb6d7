package dev.vitals.it.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.HttpResult;
import dev.vitals.it.Jars;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code WS /metrics/stream} on the real agent attached to the demo shop with its traffic generator on, spoken to
 * by the JDK's WebSocket client: snapshot then updates, subscribe/unsubscribe, bad messages, the interval floor,
 * unknown groups and a client that never reads.
 */
class StreamTest {
    static final Pattern SHOP_LISTENING = Pattern.compile("demo-shop listening on http://localhost:(\\d+)/");
    private static AgentProcess shop;

    @BeforeAll
    static void startShop() {
        shop = AgentProcess.jar(Jars.demoShop()).name("stream-shop")
                .agentArg("service.name", "demo-shop")
                .agentArg("stream.interval.min", "50ms")
                .agentArg("stream.max.pending", "32KB")
                .agentArg("alerts.interval", "1s")
                .args("--port=0", "--redis=off", "--traffic", "--traffic-rate=20")
                .start();
        shop.awaitOutput(SHOP_LISTENING, Duration.ofSeconds(60));
        shop.agentPort();
    }

    @AfterAll
    static void stopShop() {
        if (shop != null) {
            shop.close();
        }
    }

    static URI ws(AgentProcess p, String query) {
        return URI.create("ws://127.0.0.1:" + p.agentPort() + "/metrics/stream" + query);
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }

    @Test
    void snapshotThenUpdatesAtTheRequestedInterval() {
        try (WsClient c = WsClient.connect(ws(shop, "?metrics=requests,system,health&interval=500"), Map.of())) {
            JsonNode snapshot = c.next();
            assertEquals("snapshot", snapshot.path("type").asText(), snapshot.toString());
            assertEquals(500, snapshot.path("interval").asInt(), snapshot.toString());
            assertEquals("demo-shop", snapshot.path("service").asText(), snapshot.toString());
            assertEquals(List.of("requests", "system", "health"), names(snapshot.path("metrics")));
            assertTrue(names(snapshot.path("available")).containsAll(List.of("requests", "system", "health")));
            JsonNode data = snapshot.path("data");
            assertTrue(data.path("system").path("memory").path("heapUsed").asLong() > 0, snapshot.toString());
            assertTrue(data.path("health").path("checks").has("system"), snapshot.toString());
            assertTrue(List.of("healthy", "degraded", "unhealthy").contains(data.path("health").path("status").asText()));
            assertTrue(data.path("requests").has("p95") && data.path("requests").has("errorRate"), snapshot.toString());

            List<Long> times = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                JsonNode update = c.next();
                assertEquals("update", update.path("type").asText(), update.toString());
                assertEquals(List.of("requests", "system", "health"), names(update.path("metrics")));
                assertTrue(update.path("data").has("system") && update.path("data").has("health"), update.toString());
                times.add(update.path("timestamp").asLong());
            }
            // Updates follow the interval rather than arriving as fast as possible (fixed rate, so on average).
            double gap = (times.get(times.size() - 1) - times.get(0)) / (double) (times.size() - 1);
            assertTrue(gap >= 400, "average gap between updates " + gap + " ms for interval 500");

            // The traffic generator's requests show up in the stream once the agent's 5 s window slice rotates.
            JsonNode busy = c.next(m -> m.path("data").path("requests").path("count").asLong() > 0, "requests counted");
            JsonNode requests = busy.path("data").path("requests");
            assertTrue(requests.path("requestsPerMinute").asDouble() > 0, requests.toString());
            assertTrue(requests.path("p95").asDouble() > 0, requests.toString());
            assertTrue(requests.path("routes").size() > 0, requests.toString());
        }
    }

    @Test
    void subscribeAndUnsubscribeChangeWhatComes() {
        try (WsClient c = WsClient.connect(ws(shop, "?metrics=health&interval=1000"), Map.of())) {
            JsonNode first = c.next("snapshot");
            assertEquals(List.of("health"), names(first.path("metrics")));
            assertFalse(first.path("data").has("system"));

            // The stream's documented subscribe/message shape.
            c.send("{\"type\":\"subscribe\",\"metrics\":[\"system\"],\"interval\":300}");
            JsonNode subscribed = c.next("snapshot");
            assertEquals(List.of("system", "health"), names(subscribed.path("metrics")), subscribed.toString());
            assertEquals(300, subscribed.path("interval").asInt());
            assertTrue(subscribed.path("data").has("system"), subscribed.toString());
            JsonNode update = c.next("update");
            assertTrue(update.path("data").has("system") && update.path("data").has("health"), update.toString());

            c.send("{\"type\":\"unsubscribe\",\"metrics\":[\"health\"]}");
            JsonNode unsubscribed = c.next("snapshot");
            assertEquals(List.of("system"), names(unsubscribed.path("metrics")), unsubscribed.toString());
            JsonNode after = c.next("update");
            assertTrue(after.path("data").has("system"), after.toString());
            assertFalse(after.path("data").has("health"), after.toString());
        }
    }

    @Test
    void badMessagesGetAnErrorAndTheConnectionStaysOpen() {
        try (WsClient c = WsClient.connect(ws(shop, "?metrics=health&interval=2000"), Map.of())) {
            c.next("snapshot");
            String[][] cases = {
                    {"this is not json", "not valid JSON"},
                    {"{\"type\":\"explode\"}", "unknown type"},
                    {"{\"type\":\"subscribe\",\"metrics\":[\"nope\"]}", "unknown metric group 'nope'"},
                    {"{\"type\":\"subscribe\",\"interval\":\"soon\"}", "interval"},
                    {"{\"type\":\"unsubscribe\"}", "unsubscribe needs"},
            };
            for (String[] bad : cases) {
                c.send(bad[0]);
                JsonNode error = c.next("error");
                assertEquals("bad_message", error.path("error").asText(), error.toString());
                assertTrue(error.path("detail").asText().contains(bad[1]), bad[0] + " -> " + error);
            }
            JsonNode unknown = c.next("update");
            assertEquals(List.of("health"), names(unknown.path("metrics")), "subscription unchanged by bad messages");
            c.send("{\"type\":\"ping\"}");
            c.next("pong");
            c.next("update");
        }
    }

    @Test
    void intervalHasAFloor() {
        try (WsClient c = WsClient.connect(ws(shop, "?metrics=system&interval=5"), Map.of())) {
            assertEquals(50, c.next("snapshot").path("interval").asInt(), "raised to stream.interval.min");
            c.send("{\"type\":\"subscribe\",\"interval\":1}");
            assertEquals(50, c.next("snapshot").path("interval").asInt());
        }
    }

    @Test
    void alertsArePushedWhenTheyFireAndResolve() {
        try (WsClient c = WsClient.connect(ws(shop, "?metrics=health&interval=2000"), Map.of())) {
            c.next("snapshot");
            HttpResult created = shop.post("/alerts/rules", "{\"name\":\"Stream alert\",\"metricType\":\"requests_per_minute\","
                    + "\"condition\":\"greater_than\",\"threshold\":0,\"duration\":0,\"cooldownPeriod\":60,"
                    + "\"severity\":\"critical\"}", Map.of("Content-Type", "application/json"));
            assertEquals(201, created.status(), created.toString());
            String ruleId = created.json().path("id").asText();
            try {
                JsonNode fired = c.next(m -> "alert".equals(m.path("type").asText())
                        && "Stream alert".equals(m.path("data").path("name").asText()), "the alert, pushed when it fires");
                assertEquals("firing", fired.path("data").path("status").asText(), fired.toString());
                assertEquals("critical", fired.path("data").path("severity").asText(), fired.toString());
            } finally {
                shop.send("DELETE", "/alerts/rules/" + ruleId, "", Map.of());
            }
            JsonNode resolved = c.next(m -> "alert".equals(m.path("type").asText())
                    && "resolved".equals(m.path("data").path("status").asText()), "the resolution, pushed too");
            assertEquals("Stream alert", resolved.path("data").path("name").asText(), resolved.toString());
        }
    }

    @Test
    void unknownGroupsAreRefusedAtTheHandshakeAndAliasSpellingsAccepted() {
        assertEquals(400, WsClient.refusedStatus(ws(shop, "?metrics=requests,bogus"), Map.of()));
        String body = WsClient.refusedBody(ws(shop, "?metrics=bogus"));
        assertTrue(body.contains("unknown metric group 'bogus'"), body);
        assertTrue(body.contains("requests, database, cache, circuit-breakers, system, health"), body);
        assertEquals(400, WsClient.refusedStatus(ws(shop, "?interval=soon"), Map.of()));

        try (WsClient c = WsClient.connect(ws(shop, "?metrics=performance,circuit-breaker"), Map.of())) {
            JsonNode snapshot = c.next("snapshot");
            assertEquals(List.of("requests", "circuit-breakers"), names(snapshot.path("metrics")), snapshot.toString());
        }

        HttpResult plain = shop.get("/metrics/stream");
        assertEquals(426, plain.status(), plain.toString());
        assertEquals("upgrade_required", plain.json().path("error").asText());
    }

    @Test
    void aClientThatNeverReadsIsDropped() throws Exception {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), shop.agentPort()), 5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /metrics/stream?interval=50 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = new byte[12];
            assertEquals(12, in.readNBytes(head, 0, 12));
            assertEquals("HTTP/1.1 101", new String(head, StandardCharsets.US_ASCII));
            // Never read again: the agent must drop the connection instead of queueing updates without bound.
            shop.awaitStderr(Pattern.compile("stream client .* dropped: it stopped reading"), Duration.ofSeconds(120));
        }
        String metrics = shop.get("/metrics").body();
        assertTrue(metrics.contains("\nvitals_stream_clients_dropped_total 1"), metrics);
        // Everyone else is unaffected.
        try (WsClient c = WsClient.connect(ws(shop, "?metrics=health"), Map.of())) {
            assertEquals("snapshot", c.next().path("type").asText());
        }
    }
}

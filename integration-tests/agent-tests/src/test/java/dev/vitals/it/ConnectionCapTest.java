package dev.vitals.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import example.SleeperApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connection cap over plain HTTP, in a child JVM with the real agent: one connection a client
 * ({@code exporter.max.connections.per.client=1}) held busy by a {@code ws://} stream, so every new connection from
 * loopback is refused. Each refused client, sending its request at once as clients do, reads the JSON 503 (a 503
 * written at accept time and closed at once was lost to them: their request reset the connection). TLS:
 * {@link TlsConnectionCapTest}.
 */
class ConnectionCapTest {
    private static final int REFUSED_CLIENTS = 20;
    private static AgentProcess agent;

    @BeforeAll
    static void start() {
        agent = AgentProcess.main(SleeperApp.class).name("cap")
                .agentArg("exporter.max.connections.per.client", "1").start();
        agent.agentPort();
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void everyRefusedClientReadsTheJson503AndAFreedSlotServesAgain() throws Exception {
        WebSocket stream = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + agent.agentPort() + "/metrics/stream?interval=1000"),
                        new WebSocket.Listener() { })
                .get(30, TimeUnit.SECONDS);
        try {
            String ping = "GET /health/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
            Await.until("the one slot is busy", Duration.ofSeconds(30),
                    () -> status(ping), s -> s == 503);
            for (int i = 0; i < REFUSED_CLIENTS; i++) {
                RawHttp answer = RawHttp.exchange(agent.agentPort(), ping, ping.length());
                assertEquals(1, answer.responses.size(), "client " + i + ": " + answer.raw);
                RawHttp.Response r = answer.responses.get(0);
                assertEquals(503, r.status(), answer.raw);
                assertTrue(r.contentType().startsWith("application/json"), answer.raw);
                assertEquals("too_many_connections", new ObjectMapper().readTree(r.body()).path("error").asText());
                assertEquals("1", r.header("Retry-After"), answer.raw);
                assertTrue(answer.closedByServer, "closed after the answer: " + answer.raw);
            }
            HttpResult viaClient = Http.get(agent.agentUri("/health/ping"));
            assertEquals(503, viaClient.status(), viaClient.toString());
            assertEquals("too_many_connections", viaClient.json().path("error").asText(), viaClient.toString());
        } finally {
            stream.abort();
        }
        Await.until("the freed slot serves again", Duration.ofSeconds(30),
                () -> agent.get("/health/ping").status(), s -> s == 200);
    }

    /** The status of one request on a fresh connection; 0 when the connection gave no answer. */
    private static int status(String request) {
        try {
            RawHttp answer = RawHttp.exchange(agent.agentPort(), request, request.length());
            return answer.responses.isEmpty() ? 0 : answer.responses.get(0).status();
        } catch (Exception e) {
            return 0;
        }
    }
}

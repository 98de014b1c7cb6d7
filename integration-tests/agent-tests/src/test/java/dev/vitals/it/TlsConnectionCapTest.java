package dev.vitals.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import example.SleeperApp;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connection cap over TLS, in a child JVM with the real agent: one connection a client
 * ({@code exporter.max.connections.per.client=1}) held busy by a {@code wss://} stream, so every new connection
 * from loopback is refused. A TLS client must be able to read that refusal, so it finishes its handshake and gets
 * the JSON 503 to its request (the JDK's HttpClient and curl, each trusting only the test CA); past the number of
 * refused connections the listener waits on, a TLS client's connection is closed during its handshake. Plain
 * HTTP: {@link ConnectionCapTest}.
 */
class TlsConnectionCapTest {
    /** The listener's bound on refused connections waiting for their request. */
    private static final int LATE_REFUSALS = 64;
    private static TestCa ca;
    private static SSLContext trustingTheCa;
    private static AgentProcess agent;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCa.create("vitals-tls-cap");
        ca.serverCertificate("server", "EC", 1);
        trustingTheCa = ca.clientContext();
        agent = AgentProcess.main(SleeperApp.class).name("tls-cap")
                .agentArg("exporter.tls.cert", ca.dir.resolve("server.pem").toString())
                .agentArg("exporter.tls.key", ca.dir.resolve("server.key").toString())
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
    void aTlsClientReadsTheJson503WhileEveryConnectionIsBusyAndAFreedSlotServesAgain() throws Exception {
        assertEquals(200, ping().statusCode(), "the one slot is free before the stream takes it");
        WebSocket stream = HttpClient.newBuilder().sslContext(trustingTheCa).build().newWebSocketBuilder()
                .buildAsync(URI.create("wss://127.0.0.1:" + agent.agentPort() + "/metrics/stream?interval=1000"),
                        new WebSocket.Listener() { })
                .get(30, TimeUnit.SECONDS);
        try {
            // The client that pinged may still hold its keep-alive connection: being idle, it is evicted for the
            // stream, so the next fresh connection finds the one slot busy.
            HttpResponse<String> refused = Await.until("a new TLS connection is refused", Duration.ofSeconds(30),
                    TlsConnectionCapTest::tryPing, r -> r != null && r.statusCode() == 503);
            assertJson503(refused.headers().firstValue("content-type").orElse(""), refused.body());
            assertEquals("1", refused.headers().firstValue("retry-after").orElse(""), refused.headers().toString());
            assertEquals("close", refused.headers().firstValue("connection").orElse(""));

            String curl = curl("/health/ping");
            assertTrue(curl.startsWith("503 "), curl);
            assertJson503(curl.substring(4, curl.indexOf('\n')), curl.substring(curl.indexOf('\n') + 1));
        } finally {
            stream.abort();
        }
        Await.until("the freed slot serves again", Duration.ofSeconds(30), TlsConnectionCapTest::tryPing,
                r -> r != null && r.statusCode() == 200);
    }

    @Test
    void pastTheRefusalsWaitingForTheirRequestsATlsClientIsClosedDuringItsHandshake() throws Exception {
        WebSocket stream = HttpClient.newBuilder().sslContext(trustingTheCa).build().newWebSocketBuilder()
                .buildAsync(URI.create("wss://127.0.0.1:" + agent.agentPort() + "/metrics/stream?interval=1000"),
                        new WebSocket.Listener() { })
                .get(30, TimeUnit.SECONDS);
        Await.until("the one slot is busy", Duration.ofSeconds(30), TlsConnectionCapTest::tryPing,
                r -> r != null && r.statusCode() == 503);
        // Each attempt opens connections that never start a handshake, each refused and waiting (for at most the
        // handshake time), then a real client. No HTTP answer is possible before a handshake: the client sees its
        // handshake fail, and does not hang. Attempts repeat only in case a slow machine let the silent ones time out.
        Await.until("a TLS client past the waiting refusals is closed during its handshake", Duration.ofSeconds(60), () -> {
            List<Socket> silent = new ArrayList<>();
            try {
                for (int i = 0; i < LATE_REFUSALS; i++) {
                    silent.add(new Socket("127.0.0.1", agent.agentPort()));
                }
                HttpResponse<String> answered = tryPing();
                return answered == null ? "closed" : "answered " + answered.statusCode() + " " + answered.body();
            } catch (IOException e) {
                return e.toString();
            } finally {
                for (Socket s : silent) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // closing a socket the listener already closed
                    }
                }
            }
        }, "closed"::equals);
        try {
            HttpResponse<String> refused = Await.until("refusals are answered again once the silent ones left",
                    Duration.ofSeconds(30), TlsConnectionCapTest::tryPing, r -> r != null && r.statusCode() == 503);
            assertJson503(refused.headers().firstValue("content-type").orElse(""), refused.body());
        } finally {
            stream.abort();
        }
        Await.until("the freed slot serves again", Duration.ofSeconds(30), TlsConnectionCapTest::tryPing,
                r -> r != null && r.statusCode() == 200);
        assertTrue(agent.isAlive());
    }

    private static void assertJson503(String contentType, String body) throws IOException {
        assertTrue(contentType.startsWith("application/json"), contentType);
        JsonNode json = new ObjectMapper().readTree(body);
        assertEquals("too_many_connections", json.path("error").asText(), body);
        assertTrue(json.path("detail").asText().contains("connection limit"), body);
    }

    /** GET /health/ping on a fresh TLS connection (a new client each time, so no connection is reused). */
    private static HttpResponse<String> ping() throws IOException {
        HttpClient client = HttpClient.newBuilder().sslContext(trustingTheCa).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + agent.agentPort() + "/health/ping"))
                .timeout(Duration.ofSeconds(15)).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** {@link #ping}, or null when the connection failed. */
    private static HttpResponse<String> tryPing() {
        try {
            return ping();
        } catch (IOException e) {
            return null;
        }
    }

    /** Status, then the content type on the first line; the body after it. curl trusts only the test CA. */
    private static String curl(String path) throws Exception {
        Process p = new ProcessBuilder("curl", "-sS", "--max-time", "15", "--cacert", ca.caPem().toString(),
                "-o", ca.dir.resolve("curl-body").toString(), "-w", "%{http_code} %{content_type}",
                "https://127.0.0.1:" + agent.agentPort() + path).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "curl did not finish");
        assertEquals(0, p.exitValue(), "curl " + path + ":\n" + out);
        return out + "\n" + Files.readString(ca.dir.resolve("curl-body"));
    }
}

package dev.vitals.it.http;

import dev.vitals.it.AgentProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each HTTP client, in a child JVM with the real agent, against a real local server: statuses, methods, latency
 * against a known server delay, a read timeout and a refused connection, each recorded exactly once in
 * {@code http_client_request_duration_seconds}.
 */
class ClientsTest {
    private static final String DURATION = "http_client_request_duration_seconds";
    private static TestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = TestServer.http();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "jdk-async", "urlconnection", "apache4", "apache5", "apache5-async", "okhttp"})
    void recordsStatusesLatencyAndErrors(String client) throws Exception {
        String base = server.base();
        int refused = AgentProcess.closedPort();
        try (Child child = Child.start(Map.of())) {
            for (int i = 0; i < 3; i++) {
                assertEquals("200", child.call(client, "GET", base + "/status/200?token=abc123", 5000));
            }
            assertEquals("404", child.call(client, "GET", base + "/status/404", 5000).replace("error:java.io.FileNotFoundException", "404"));
            assertEquals("503", child.call(client, "GET", base + "/status/503", 5000).replace("error:java.io.IOException", "503"));
            assertEquals("200", child.call(client, "POST", base + "/status/200", 5000));
            for (int i = 0; i < 2; i++) {
                assertEquals("201", child.call(client, "GET", base + "/delay/300", 5000));
            }
            String timedOut = child.call(client, "GET", base + "/delay/3000", 500);
            assertTrue(timedOut.startsWith("error:"), "expected a read timeout, got " + timedOut);
            String refusedAnswer = child.call(client, "GET", "http://127.0.0.1:" + refused + "/status/200", 5000);
            assertTrue(refusedAnswer.startsWith("error:"), "expected connection refused, got " + refusedAnswer);

            Metrics m = child.awaitMetrics(x -> x.sum(DURATION + "_count") >= 10);
            String where = client + ":\n" + m.text;
            String[] host = {"server_address", "127.0.0.1", "peer_service", "127.0.0.1"};
            assertEquals(3, m.sum(DURATION + "_count", Metrics.with(host, "http_request_method", "GET", "http_response_status_code", "200",
                    "error_type", "none")), where);
            assertEquals(1, m.sum(DURATION + "_count", Metrics.with(host, "http_response_status_code", "404", "error_type", "404")), where);
            assertEquals(1, m.sum(DURATION + "_count", Metrics.with(host, "http_response_status_code", "503", "error_type", "503")), where);
            assertEquals(1, m.sum(DURATION + "_count", Metrics.with(host, "http_request_method", "POST", "http_response_status_code", "200")), where);
            assertEquals(2, m.sum(DURATION + "_count", Metrics.with(host, "http_response_status_code", "201")), where);
            double delayedSeconds = m.sum(DURATION + "_sum", Metrics.with(host, "http_response_status_code", "201"));
            assertTrue(delayedSeconds >= 2 * 0.300, "two calls to a server that waits 300 ms took " + delayedSeconds + " s in all");
            assertEquals(1, m.sum(DURATION + "_count", Metrics.with(host, "http_response_status_code", "0", "error_type", "timeout")), where);
            assertEquals(1, m.sum(DURATION + "_count", Metrics.with(host, "http_response_status_code", "0", "error_type", "connect_refused")), where);
            // Exactly these ten calls: nothing counted twice (layered clients, getResponseCode then getInputStream).
            assertEquals(10, m.sum(DURATION + "_count"), where);
            assertTrue(!m.text.contains("abc123") && !m.text.contains("/status"), "no path or query in metrics");

            assertEquals(1, m.sum("vitals_circuit_breaker_state", "service", "127.0.0.1", "state", "CLOSED"), where);
            var view = child.breakers("?service=127.0.0.1").get("circuits").get(0);
            assertEquals("CLOSED", view.get("state").asText());
            assertEquals(10, view.get("totalCalls").asLong(), view.toString());
            // 503, timeout and refused are failures for the breaker; the 404 is the client's problem.
            assertEquals(3, view.get("totalFailures").asLong(), view.toString());
            // Last: where promtool is missing this aborts the test, after everything above was checked.
            m.assertPromtoolPasses("http_client_", "vitals_circuit_breaker");
        }
    }

    /** Apache's minimal async client (its own {@code doExecute}): statuses, methods and a refused connection, once each. */
    @Test
    void apacheMinimalAsyncClient() {
        String base = server.base();
        int refused = AgentProcess.closedPort();
        try (Child child = Child.start(Map.of())) {
            assertEquals("200", child.call("apache5-minimal", "GET", base + "/status/200", 5000));
            assertEquals("503", child.call("apache5-minimal", "POST", base + "/status/503", 5000));
            assertEquals("201", child.call("apache5-minimal", "GET", base + "/delay/300", 5000));
            String refusedAnswer = child.call("apache5-minimal", "GET", "http://127.0.0.1:" + refused + "/status/200", 5000);
            assertTrue(refusedAnswer.startsWith("error:"), refusedAnswer);
            Metrics m = child.awaitMetrics(x -> x.sum(DURATION + "_count") >= 4);
            String[] host = {"server_address", "127.0.0.1"};
            assertEquals(1, m.sum(DURATION + "_count", Metrics.with(host, "http_request_method", "GET", "http_response_status_code", "200")), m.text);
            assertEquals(1, m.sum(DURATION + "_count", Metrics.with(host, "http_request_method", "POST", "http_response_status_code", "503")), m.text);
            assertTrue(m.sum(DURATION + "_sum", Metrics.with(host, "http_response_status_code", "201")) >= 0.300, m.text);
            assertEquals(1, m.sum(DURATION + "_count", Metrics.with(host, "http_response_status_code", "0", "error_type", "connect_refused")), m.text);
            assertEquals(4, m.sum(DURATION + "_count"), m.text);
        }
    }

    @Test
    void httpsUrlConnectionAndJdkClientRecordedOnceAndTlsFailures() throws Exception {
        Path dir = AgentProcess.tempDir("tls-");
        Path keyStore = TestServer.selfSignedKeyStore(dir);
        Path untrustedStore = TestServer.selfSignedKeyStore(AgentProcess.tempDir("untrusted-"));
        try (TestServer tls = TestServer.https(keyStore);
             TestServer untrusted = TestServer.https(untrustedStore);
             Child child = Child.start(Map.of(), "-Djavax.net.ssl.trustStore=" + keyStore,
                     "-Djavax.net.ssl.trustStorePassword=" + TestServer.PASSWORD, "-Djavax.net.ssl.trustStoreType=PKCS12")) {
            assertEquals("200", child.call("urlconnection", "GET", tls.base() + "/status/200", 5000));
            assertEquals("200", child.call("urlconnection", "POST", tls.base() + "/status/200", 5000));
            assertEquals("200", child.call("jdk", "GET", tls.base() + "/status/200", 5000));
            // A certificate the client does not trust: the handshake fails.
            String tlsError = child.call("urlconnection", "GET", untrusted.base() + "/status/200", 5000);
            assertTrue(tlsError.startsWith("error:"), tlsError);
            Metrics m = child.awaitMetrics(x -> x.sum(DURATION + "_count") >= 4);
            String where = m.text;
            assertEquals(3, m.sum(DURATION + "_count", "server_address", "127.0.0.1", "http_response_status_code", "200"), where);
            assertEquals(1, m.sum(DURATION + "_count", "http_response_status_code", "0", "error_type", "tls"), where);
            assertEquals(4, m.sum(DURATION + "_count"), where);
        }
    }

    /** The JDK classes' advice on Java 25 (tested on 17 and 25): same fields and methods there. */
    @Test
    void jdkClientsOnJava25() {
        java.nio.file.Path java25 = dev.vitals.it.Services.requireJava(java.nio.file.Path.of(
                System.getProperty("vitals.java25.home", "/usr/lib/jvm/temurin-25-jdk-amd64")));
        String base = server.base();
        try (Child child = Child.start(java25, Map.of())) {
            assertEquals("200", child.call("urlconnection", "GET", base + "/status/200", 5000));
            assertEquals("404", child.call("urlconnection", "GET", base + "/status/404", 5000));
            assertEquals("201", child.call("jdk", "GET", base + "/delay/100", 5000));
            assertEquals("200", child.call("jdk-async", "POST", base + "/status/200", 5000));
            Metrics m = child.awaitMetrics(x -> x.sum(DURATION + "_count") >= 4);
            assertEquals(1, m.sum(DURATION + "_count", "http_request_method", "GET", "http_response_status_code", "200"), m.text);
            assertEquals(1, m.sum(DURATION + "_count", "http_response_status_code", "404"), m.text);
            assertEquals(1, m.sum(DURATION + "_count", "http_response_status_code", "201"), m.text);
            assertEquals(1, m.sum(DURATION + "_count", "http_request_method", "POST"), m.text);
            assertEquals(4, m.sum(DURATION + "_count"), m.text);
        }
    }
}

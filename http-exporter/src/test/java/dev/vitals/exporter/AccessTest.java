package dev.vitals.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class AccessTest {

    private static HttpExporter.Builder routes(HttpExporter.Builder builder) {
        return builder.port(0)
                .route("GET", "/secure", Access.PROTECTED, r -> Response.text(200, "text/plain", "secret"))
                .route("POST", "/secure", Access.PROTECTED, r -> Response.text(200, "text/plain", "posted"))
                .route("GET", "/open", Access.PUBLIC, r -> Response.text(200, "text/plain", "open " + r.authorized()))
                .route("GET", "/static", Access.OPEN, r -> Response.text(200, "text/plain", "static"));
    }

    @Test
    void tokenIsRequiredForProtectedRoutesOnly() throws Exception {
        try (HttpExporter server = routes(HttpExporter.builder().host("127.0.0.1").authToken("s3cr3t-token")).start()) {
            HttpResponse<String> missing = TestHttp.get(server, "/secure");
            assertEquals(401, missing.statusCode());
            assertEquals("application/json", missing.headers().firstValue("Content-Type").orElse(null));
            assertTrue(missing.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
            assertEquals("{\"error\":\"unauthorized\",\"detail\":\"missing Authorization: Bearer <token> header\"}",
                    missing.body());

            for (String wrong : new String[] {"Bearer s3cr3t-tokem", "Bearer s3cr3t-token-and-more", "Bearer ",
                    "Basic czNjcjN0LXRva2Vu", "s3cr3t-token"}) {
                HttpResponse<String> response = TestHttp.send(TestHttp.request(server, "/secure").header("Authorization", wrong));
                assertEquals(401, response.statusCode(), wrong);
                assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), wrong);
                assertEquals("{\"error\":\"unauthorized\",\"detail\":\"the bearer token is not valid\"}", response.body());
            }

            HttpResponse<String> right = TestHttp.send(TestHttp.request(server, "/secure")
                    .header("Authorization", "Bearer s3cr3t-token"));
            assertEquals(200, right.statusCode());
            assertEquals("secret", right.body());
            // The scheme name is case-insensitive (RFC 9110 section 11.1).
            assertEquals(200, TestHttp.send(TestHttp.request(server, "/secure")
                    .header("Authorization", "bearer s3cr3t-token")).statusCode());
            assertEquals("open false", TestHttp.get(server, "/open").body());
            assertEquals("open false", TestHttp.send(TestHttp.request(server, "/open")
                    .header("Authorization", "Bearer wrong")).body(), "a public route never refuses a wrong token");
            assertEquals("open true", TestHttp.send(TestHttp.request(server, "/open")
                    .header("Authorization", "Bearer s3cr3t-token")).body());
        }
    }

    @Test
    void protectAllPutsEveryRouteButTheProbesBehindTheToken() throws Exception {
        try (HttpExporter server = routes(HttpExporter.builder().host("127.0.0.1").authToken("s3cr3t-token")
                .protectAll(true)).probe("/live", r -> Response.text(200, "text/plain", "alive")).start()) {
            assertEquals(401, TestHttp.get(server, "/open").statusCode());
            assertEquals(401, TestHttp.get(server, "/secure").statusCode());
            assertEquals(200, TestHttp.send(TestHttp.request(server, "/open")
                    .header("Authorization", "Bearer s3cr3t-token")).statusCode());
            assertEquals("alive", TestHttp.get(server, "/live").body(), "probes never need the token");
            assertEquals("static", TestHttp.get(server, "/static").body(), "nor do open routes");
        }
    }

    @Test
    void withoutTokenLoopbackClientsAreAllowed() throws Exception {
        try (HttpExporter server = routes(HttpExporter.builder().host("127.0.0.1").authToken(null)).start()) {
            assertEquals("secret", TestHttp.get(server, "/secure").body());
            assertEquals("posted", TestHttp.send(TestHttp.request(server, "/secure")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))).body());
        }
    }

    @Test
    void withoutTokenNonLoopbackClientsAreForbidden() throws Exception {
        Optional<InetAddress> external = nonLoopbackAddress();
        if (external.isEmpty()) {
            // Under CI the machine must have one: a skipped access test would pass for the wrong reason.
            Assertions.assertFalse("true".equals(System.getenv("CI")), "this machine has no non-loopback address");
            Assumptions.abort("this machine has no non-loopback address");
        }
        try (HttpExporter server = routes(HttpExporter.builder().host("0.0.0.0").authToken("  ")).start()) {
            // Connecting to the machine's own external address makes the kernel use it as the source address too.
            String base = "http://" + external.get().getHostAddress() + ":" + server.port();
            HttpResponse<String> forbidden = TestHttp.CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/secure"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, forbidden.statusCode());
            assertEquals("application/json", forbidden.headers().firstValue("Content-Type").orElse(null));
            assertEquals("{\"error\":\"forbidden\",\"detail\":\"this endpoint answers only to loopback clients unless an"
                    + " auth token is configured\"}", forbidden.body());

            HttpResponse<String> open = TestHttp.CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/open"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("open false", open.body(), "answered, but not as a trusted client");
            assertEquals("open true", TestHttp.get(server, "/open").body(), "loopback is trusted without a token");
            // The same server still answers protected routes over loopback.
            assertEquals(200, TestHttp.get(server, "/secure").statusCode());
        }
    }

    /** An IPv4 address of an interface that is up and not loopback (IPv4 so that 0.0.0.0 surely covers it). */
    private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}

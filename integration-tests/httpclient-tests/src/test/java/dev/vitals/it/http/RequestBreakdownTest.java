package dev.vitals.it.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.Await;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An outbound call made while a servlet request runs adds to that request's breakdown in {@code /health/slow}:
 * one call, and its time to completion (the server waits 300 ms), for the blocking and the asynchronous clients
 * alike. ClientApp runs in servlet mode on an embedded Tomcat, in a child JVM with the real agent.
 */
class RequestBreakdownTest {
    @ParameterizedTest
    @ValueSource(strings = {"jdk", "jdk-async", "apache5-async"})
    void outboundTimeAddsToTheRequestBreakdown(String client) throws Exception {
        try (TestServer server = TestServer.http();
             Child child = Child.startWithServlet(Map.of("slow.threshold", "100ms"))) {
            assertEquals("201", child.servletCall(client, "GET", server.base() + "/delay/300", 5000));
            JsonNode request = awaitSlowRequest(child);
            JsonNode http = request.path("breakdown").path("http");
            assertEquals(1, http.path("count").asInt(), request.toString());
            double ms = http.path("timeMs").asDouble();
            assertTrue(ms >= 300 && ms < 3000, request.toString());
        }
    }

    private static JsonNode awaitSlowRequest(Child child) {
        return Await.until("a slow request for /run in /health/slow", java.time.Duration.ofSeconds(10),
                () -> slowRun(child.process.get("/health/slow").json()), r -> r != null);
    }

    private static JsonNode slowRun(JsonNode slow) {
        for (JsonNode r : slow.path("requests")) {
            if (r.path("path").asText().startsWith("/run")) {
                return r;
            }
        }
        return null;
    }
}

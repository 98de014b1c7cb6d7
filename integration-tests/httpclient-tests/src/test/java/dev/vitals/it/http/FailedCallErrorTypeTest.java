package dev.vitals.it.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calls ended by an exception that is none of the network kinds (refused, timeout, TLS, unknown host): each real
 * client, in a child JVM with the real agent, calls a real server that resets the connection and one that answers
 * with bytes that are not HTTP. The call's {@code error_type} is the class of the exception's root cause, the same
 * class the application sees beneath the client's wrappers, in {@code /metrics} and in the breaker view.
 */
class FailedCallErrorTypeTest {
    private static final String DURATION = "http_client_request_duration_seconds";

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "jdk-async", "urlconnection", "apache4", "apache5", "apache5-async", "okhttp"})
    void theRootCauseClassIsTheErrorType(String client) throws Exception {
        try (BrokenServer reset = new BrokenServer(BrokenServer.Mode.RESET);
             BrokenServer garbage = new BrokenServer(BrokenServer.Mode.GARBAGE);
             Child child = Child.start(Map.of())) {
            String resetClass = failureClass(child.callReportingRootCause(client, "GET", reset.base() + "/orders", 5000));
            String garbageClass = failureClass(child.callReportingRootCause(client, "GET", garbage.base() + "/orders", 5000));
            assertEquals("java.net.SocketException", resetClass, client);

            Metrics m = child.awaitMetrics(x -> x.sum(DURATION + "_count") >= 2);
            String where = client + ":\n" + m.text;
            String[] failed = {"server_address", "127.0.0.1", "http_request_method", "GET", "http_response_status_code", "0"};
            assertEquals(1, m.sum(DURATION + "_count", Metrics.with(failed, "error_type", resetClass)), where);
            assertEquals(1, m.sum(DURATION + "_count", Metrics.with(failed, "error_type", garbageClass)), where);
            // Once each, though some clients retried on another connection.
            assertEquals(2, m.sum(DURATION + "_count"), where);

            JsonNode view = child.breakers("?service=127.0.0.1").get("circuits").get(0);
            assertEquals(2, view.get("totalFailures").asLong(), view.toString());
            assertEquals(garbageClass, view.get("lastFailure").get("type").asText(), view.toString());
            m.assertPromtoolPasses("http_client_");
        }
    }

    /** Past {@code limits.error.types} distinct classes, the rest are {@code other}; the network kinds stay. */
    @Test
    void classesPastTheLimitAreOther() throws Exception {
        int refused = dev.vitals.it.AgentProcess.closedPort();
        try (BrokenServer reset = new BrokenServer(BrokenServer.Mode.RESET);
             BrokenServer garbage = new BrokenServer(BrokenServer.Mode.GARBAGE);
             Child child = Child.start(Map.of("limits.error.types", "1"))) {
            assertEquals("java.net.SocketException", failureClass(child.callReportingRootCause("jdk", "GET", reset.base() + "/a", 5000)));
            assertEquals("java.net.ProtocolException", failureClass(child.callReportingRootCause("jdk", "GET", garbage.base() + "/a", 5000)));
            failureClass(child.call("jdk", "GET", "http://127.0.0.1:" + refused + "/a", 5000));
            Metrics m = child.awaitMetrics(x -> x.sum(DURATION + "_count") >= 3);
            assertEquals(1, m.sum(DURATION + "_count", "error_type", "java.net.SocketException"), m.text);
            assertEquals(1, m.sum(DURATION + "_count", "error_type", "other"), m.text);
            assertEquals(1, m.sum(DURATION + "_count", "error_type", "connect_refused"), m.text);
            assertEquals(0, m.sum(DURATION + "_count", "error_type", "java.net.ProtocolException"), m.text);
        }
    }

    /** The class in the child's {@code error:<class>} answer, which must be a failure. */
    private static String failureClass(String answer) {
        assertTrue(answer.startsWith("error:"), "expected the call to fail, got " + answer);
        String type = answer.substring("error:".length());
        assertNotEquals("", type);
        return type;
    }
}

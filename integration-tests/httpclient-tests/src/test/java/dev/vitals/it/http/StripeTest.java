package dev.vitals.it.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.Await;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real stripe-java SDK, with its API base pointed at a local server that answers like Stripe: its calls
 * appear under service {@code stripe}, and neither the secret key nor the charge id in the path appears in any
 * output of the agent or the application.
 */
class StripeTest {
    private static final String DURATION = "http_client_request_duration_seconds";
    private static final String SECRET = "sk_test_51VitalsSecretKeyNeverShown0123456789";
    private static final String CHARGE = "ch_3MmlLrLkdIwHu7ix0snN0B15";

    @Test
    void stripeCallsAreRecordedUnderStripeWithoutSecrets() throws Exception {
        try (TestServer server = TestServer.http();
             Child child = Child.start(Map.of("services.hosts", "127.0.0.1:" + server.port() + "=stripe"))) {
            assertEquals(CHARGE, child.control("/stripe", Map.of("op", "create", "base", server.base(), "key", SECRET)));
            assertEquals("succeeded", child.control("/stripe", Map.of("op", "retrieve", "id", CHARGE, "base", server.base(), "key", SECRET)));
            assertTrue(server.authorizations.contains("Bearer " + SECRET), "the SDK sent its key to the stand-in: " + server.authorizations);
            assertTrue(server.methods.contains("POST /v1/charges") && server.methods.contains("GET /v1/charges/" + CHARGE), server.methods.toString());

            Metrics m = child.awaitMetrics(x -> x.sum(DURATION + "_count", "peer_service", "stripe") >= 2);
            assertEquals(1, m.sum(DURATION + "_count", "server_address", "127.0.0.1", "peer_service", "stripe",
                    "http_request_method", "POST", "http_response_status_code", "200", "error_type", "none"), m.text);
            assertEquals(1, m.sum(DURATION + "_count", "peer_service", "stripe", "http_request_method", "GET",
                    "http_response_status_code", "200"), m.text);
            assertEquals(2, m.sum(DURATION + "_count"), "stripe-java over HttpURLConnection is recorded once per call:\n" + m.text);
            assertEquals(1, m.sum("vitals_circuit_breaker_state", "service", "stripe", "state", "CLOSED"), m.text);

            JsonNode stripe = child.breakers("?service=stripe").get("circuits").get(0);
            assertEquals("stripe", stripe.get("service").asText());
            assertEquals(2, stripe.get("totalCalls").asLong(), stripe.toString());

            // The passive service check: the SDK is there and calls have been seen.
            JsonNode check = awaitCheck(child, "stripe", "Stripe configured");
            assertEquals("healthy", check.get("status").asText(), check.toString());
            // Jakarta Mail is on the application's class path but has sent nothing: "not configured".
            JsonNode email = awaitCheck(child, "email", "Email service not configured");
            assertEquals("healthy", email.get("status").asText(), email.toString());
            assertTrue(child.process.get("/health").json().get("checks").get("paypal") == null, "no PayPal library, no PayPal check");

            String everything = m.text + child.process.get("/health").body() + child.process.get("/health/detailed").body()
                    + child.process.get("/health/circuit-breakers").body() + child.process.get("/health/config").body()
                    + child.process.get("/health/status").body() + child.process.stdout() + child.process.stderr();
            assertFalse(everything.contains(SECRET), "the secret key appears in an output");
            assertFalse(everything.contains("sk_test"), "part of the secret key appears in an output");
            assertFalse(everything.contains(CHARGE), "the charge id from the path appears in an output");
        }
    }

    static JsonNode awaitCheck(Child child, String name, String messagePrefix) {
        return Await.until("check " + name + " to say '" + messagePrefix + "'", Await.TIMEOUT,
                () -> child.process.get("/health").json().get("checks").get(name),
                check -> check != null && check.get("message").asText().startsWith(messagePrefix));
    }
}

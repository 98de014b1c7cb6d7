package dev.vitals.it.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.Await;
import dev.vitals.it.HttpResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The breaker view per service: 5 consecutive failures open it, the first call after the (short, configured)
 * recovery time is the half-open trial, a failed trial opens it again and a successful one closes it. A service
 * with a check URL gets no check request while its view is OPEN, only the half-open trial; the checks' own
 * traffic never appears as the application's.
 */
class BreakerTest {
    private static final String DURATION = "http_client_request_duration_seconds";

    @Test
    void opensAfterFiveFailuresTrialsAfterRecoveryAndCloses() throws Exception {
        try (TestServer stripe = TestServer.http(); TestServer paypal = TestServer.http();
             Child child = Child.start(Map.of(
                     "services.hosts", "127.0.0.1:" + stripe.port() + "=stripe;127.0.0.1:" + paypal.port() + "=paypal",
                     "services.breaker.recovery", "3s",
                     "services.checks", "paypal=" + paypal.base() + "/healthcheck",
                     "services.check.interval", "250ms",
                     "health.breaker.recovery", "500ms"))) {
            String charges = stripe.base() + "/v1/charges";
            assertEquals("200", child.call("jdk", "GET", charges, 5000));
            stripe.failing = true;
            for (int i = 0; i < 4; i++) {
                assertEquals("500", child.call("jdk", "GET", charges, 5000));
            }
            JsonNode view = view(child, "stripe");
            assertEquals("CLOSED", view.get("state").asText(), "4 failures keep it closed: " + view);
            assertEquals(4, view.get("consecutiveFailures").asInt(), view.toString());
            assertEquals("500", child.call("jdk", "GET", charges, 5000));
            view = view(child, "stripe");
            assertEquals("OPEN", view.get("state").asText(), "the 5th consecutive failure opens it: " + view);
            assertTransition(view, 0, "CLOSED", "OPEN", "5 consecutive failures");
            // Calls while OPEN (before the recovery time) change nothing: a real breaker would have rejected them.
            assertEquals("500", child.call("jdk", "GET", charges, 5000));
            assertEquals("OPEN", view(child, "stripe").get("state").asText());
            assertEquals(1, view(child, "stripe").get("transitions").size());

            Child.sleep(3_200);
            assertEquals("500", child.call("jdk", "GET", charges, 5000)); // the trial, still failing
            view = view(child, "stripe");
            assertEquals("OPEN", view.get("state").asText(), view.toString());
            assertTransition(view, 1, "OPEN", "HALF_OPEN", "trial call");
            assertTransition(view, 2, "HALF_OPEN", "OPEN", "trial failed");

            stripe.failing = false;
            Child.sleep(3_200);
            assertEquals("200", child.call("jdk", "GET", charges, 5000)); // the trial succeeds
            view = view(child, "stripe");
            assertEquals("CLOSED", view.get("state").asText(), view.toString());
            assertTransition(view, 3, "OPEN", "HALF_OPEN", "trial call");
            assertTransition(view, 4, "HALF_OPEN", "CLOSED", "trial succeeded");
            assertEquals(0, view.get("consecutiveFailures").asInt());

            // paypal: only its checks call it. Failing checks open its view; then no check is sent until the trial.
            awaitCount(paypal, 2);
            paypal.failing = true;
            awaitState(child, "paypal", "OPEN");
            Child.sleep(500);
            int before = paypal.count("healthcheck");
            Child.sleep(1_500);
            int after = paypal.count("healthcheck");
            assertEquals(before, after, "no check request while the paypal breaker is OPEN");
            JsonNode health = child.process.get("/health").json().get("checks").get("paypal");
            assertEquals("unhealthy", health.get("status").asText(), health.toString());
            paypal.failing = false;
            view = awaitState(child, "paypal", "CLOSED");
            List<String> steps = new ArrayList<>();
            for (JsonNode t : view.get("transitions")) {
                steps.add(t.get("from").asText() + ">" + t.get("to").asText() + ":" + t.get("reason").asText());
            }
            assertTrue(steps.size() >= 3 && steps.get(steps.size() - 2).startsWith("OPEN>HALF_OPEN:")
                    && steps.get(steps.size() - 2).contains("trial check")
                    && steps.get(steps.size() - 1).startsWith("HALF_OPEN>CLOSED:"), steps.toString());
            assertTrue(paypal.count("healthcheck") > after, "checks resume once closed");

            // The agent's check traffic is not the application's.
            Metrics m = child.awaitMetrics(x -> x.sum(DURATION + "_count", "peer_service", "stripe") >= 9);
            assertEquals(9, m.sum(DURATION + "_count", "peer_service", "stripe"), m.text);
            assertTrue(m.find(DURATION + "_count", "peer_service", "paypal").isEmpty(), m.text);
            assertTrue(m.find(DURATION + "_count", "http_request_method", "HEAD").isEmpty(), m.text);
            assertEquals(1, m.sum("vitals_circuit_breaker_state", "service", "paypal", "state", "CLOSED"), m.text);
            assertEquals(0, m.sum("vitals_circuit_breaker_state", "service", "paypal", "state", "OPEN"), m.text);
            m.assertPromtoolPasses("http_client_", "vitals_circuit_breaker");
        }
    }

    @Test
    void endpointErrorsAreJson() {
        try (Child child = Child.start(Map.of())) {
            HttpResult unknown = child.process.get("/health/circuit-breakers?service=nosuch");
            assertEquals(404, unknown.status(), unknown.toString());
            assertEquals("not_found", unknown.json().get("error").asText());
            HttpResult badWindow = child.process.get("/health/circuit-breakers?window=abc");
            assertEquals(400, badWindow.status(), badWindow.toString());
            assertTrue(badWindow.json().get("detail").asText().contains("window"));
            HttpResult badService = child.process.get("/health/circuit-breakers?service=%3Cscript%3E");
            assertEquals(400, badService.status(), badService.toString());
            HttpResult all = child.process.get("/health/circuit-breakers");
            assertEquals(200, all.status(), all.toString());
            assertTrue(all.json().get("circuits").isArray());
            assertEquals("healthy", all.json().get("health").get("status").asText());
        }
    }

    private static JsonNode view(Child child, String service) {
        return child.breakers("?service=" + service).get("circuits").get(0);
    }

    private static JsonNode awaitState(Child child, String service, String state) {
        HttpResult r = Await.until(service + " to reach " + state, Await.TIMEOUT,
                () -> child.process.get("/health/circuit-breakers?service=" + service),
                v -> v.status() == 200 && state.equals(v.json().get("circuits").get(0).get("state").asText()));
        return r.json().get("circuits").get(0);
    }

    private static void awaitCount(TestServer server, int n) {
        Await.until(n + " checks to arrive", Await.TIMEOUT, () -> server.count("healthcheck") >= n);
    }

    private static void assertTransition(JsonNode view, int index, String from, String to, String reason) {
        JsonNode t = view.get("transitions").get(index);
        assertTrue(t != null && from.equals(t.get("from").asText()) && to.equals(t.get("to").asText())
                && t.get("reason").asText().contains(reason) && !t.get("timestamp").asText().isEmpty(),
                "transition " + index + " should be " + from + "->" + to + " (" + reason + "): " + view.get("transitions"));
    }
}

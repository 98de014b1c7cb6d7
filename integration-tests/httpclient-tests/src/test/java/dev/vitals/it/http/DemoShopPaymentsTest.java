package dev.vitals.it.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Await;
import dev.vitals.it.Http;
import dev.vitals.it.HttpResult;
import dev.vitals.it.Jars;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo shop pays through stripe-java against its local stand-in provider: orders show their outbound time in
 * the per-request breakdown, and a provider outage opens the stripe breaker, which closes after its recovery
 * time, as a newcomer would watch it.
 */
class DemoShopPaymentsTest {
    private static final Pattern LISTENING = Pattern.compile("demo-shop listening on http://localhost:(\\d+)/");
    private static final Map<String, String> FORM = Map.of("Content-Type", "application/x-www-form-urlencoded");

    @Test
    void ordersShowOutboundTimeAndAnOutageOpensAndClosesTheBreaker() {
        // The provider listens on 127.0.0.1 and the shop's own traffic goes to localhost: the host names the service.
        try (AgentProcess shop = AgentProcess.jar(Jars.demoShop())
                .agentArg("services.hosts", "127.0.0.1=stripe")
                .agentArg("services.breaker.recovery", "2s")
                .agentArg("slow.threshold", "1ms")
                .args("--port=0").start()) {
            URI base = URI.create("http://127.0.0.1:" + shop.awaitOutput(LISTENING, Duration.ofSeconds(60)).group(1) + "/");
            HttpResult placed = Http.post(base.resolve("api/orders"), "productId=3&quantity=1", FORM);
            assertEquals(201, placed.status(), placed.toString());

            JsonNode slow = shop.get("/health/slow?limit=50").json();
            JsonNode order = null;
            for (JsonNode r : slow.get("requests") == null ? slow.get("slowest") : slow.get("requests")) {
                if (r.get("route").asText().contains("/api/orders") && r.get("method").asText().equals("POST")) {
                    order = r;
                }
            }
            assertTrue(order != null, slow.toString());
            JsonNode http = order.get("breakdown").get("http");
            assertEquals(1, http.get("count").asLong(), order.toString());
            assertTrue(http.get("timeMs").asDouble() > 0, order.toString());

            assertEquals(200, Http.post(base.resolve("admin/payment-outage?seconds=60"), "", FORM).status());
            for (int i = 0; i < 5; i++) {
                assertEquals(502, Http.post(base.resolve("api/orders"), "productId=1&quantity=1", FORM).status());
            }
            JsonNode view = shop.get("/health/circuit-breakers?service=stripe").json().get("circuits").get(0);
            assertEquals("OPEN", view.get("state").asText(), view.toString());
            assertEquals("unhealthy", awaitStripeCheck(shop, "unhealthy").get("status").asText());

            assertEquals(200, Http.send("DELETE", base.resolve("admin/payment-outage"), null, Map.of()).status());
            Child.sleep(2_200);
            assertEquals(201, Http.post(base.resolve("api/orders"), "productId=1&quantity=1", FORM).status());
            view = shop.get("/health/circuit-breakers?service=stripe").json().get("circuits").get(0);
            assertEquals("CLOSED", view.get("state").asText(), view.toString());
            assertEquals(3, view.get("transitions").size(), view.toString());
            assertFalse(shop.stdout().contains("sk_test") || shop.stderr().contains("sk_test"), "the API key is never printed");
            assertFalse(shop.get("/metrics").body().contains("sk_test"));
        }
    }

    private static JsonNode awaitStripeCheck(AgentProcess shop, String status) {
        return Await.until("the stripe check to be " + status, Await.TIMEOUT,
                () -> shop.get("/health").json().get("checks").get("stripe"),
                check -> check != null && status.equals(check.get("status").asText()));
    }
}

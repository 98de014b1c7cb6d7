package dev.vitals.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo shop runs with the agent attached, every page answers as it should, and so does the agent. */
class DemoShopTest {
    static final Pattern SHOP_LISTENING = Pattern.compile("demo-shop listening on http://localhost:(\\d+)/");
    private static final Map<String, String> FORM = Map.of("Content-Type", "application/x-www-form-urlencoded");

    private static AgentProcess shop;
    private static URI base;

    @BeforeAll
    static void startShop() {
        shop = AgentProcess.jar(Jars.demoShop()).agentArg("service.name", "demo-shop")
                .agentArg("budget.p95", "100ms").args("--port=0").start();
        base = URI.create("http://127.0.0.1:" + shop.awaitOutput(SHOP_LISTENING, Duration.ofSeconds(60)).group(1) + "/");
    }

    @AfterAll
    static void stopShop() {
        if (shop != null) {
            shop.close();
        }
    }

    @Test
    void agentIsUpBesideTheShop() {
        HttpResult live = shop.get("/health/live");
        assertEquals(200, live.status(), live.toString());
        assertEquals("healthy", live.json().path("status").asText(), live.toString());
        assertEquals(200, shop.get("/metrics").status());
        assertFalse(shop.stderr().contains("[vitals] ERROR"), shop.describe());
    }

    @Test
    void catalogue() {
        HttpResult products = Http.get(base.resolve("api/products"));
        assertEquals(200, products.status(), products.toString());
        assertEquals(5, products.json().size(), products.toString());
        HttpResult one = Http.get(base.resolve("api/products/2"));
        assertEquals(200, one.status(), one.toString());
        assertEquals(2, one.json().path("id").asInt(), one.toString());
        assertEquals(404, Http.get(base.resolve("api/products/999")).status());
    }

    @Test
    void orderIsStoredAndPaid() {
        HttpResult placed = Http.post(base.resolve("api/orders"), "productId=3&quantity=2", FORM);
        assertEquals(201, placed.status(), placed.toString());
        JsonNode order = placed.json();
        assertEquals(2998, order.path("amountCents").asLong(), placed.toString());
        assertTrue(order.path("chargeId").asText().startsWith("ch_"), placed.toString());

        HttpResult read = Http.get(base.resolve("api/orders/" + order.path("id").asLong()));
        assertEquals(200, read.status(), read.toString());
        assertEquals("succeeded", read.json().path("paymentStatus").asText(), read.toString());
        assertEquals(400, Http.post(base.resolve("api/orders"), "productId=oops", FORM).status());
    }

    @Test
    void paymentOutageFailsOrdersUntilItEnds() {
        try {
            assertEquals(200, Http.post(base.resolve("admin/payment-outage?seconds=60"), "", FORM).status());
            HttpResult failed = Http.post(base.resolve("api/orders"), "productId=1", FORM);
            assertEquals(502, failed.status(), failed.toString());
            assertEquals("payment failed", failed.json().path("error").asText(), failed.toString());
        } finally {
            assertEquals(200, Http.send("DELETE", base.resolve("admin/payment-outage"), null, Map.of()).status());
        }
        assertEquals(201, Http.post(base.resolve("api/orders"), "productId=1", FORM).status());
    }

    @Test
    void slowPagesBreakTheP95Budget() throws Exception {
        for (int i = 0; i < 6; i++) {
            assertEquals(200, Http.get(base.resolve("api/slow?ms=300")).status());
        }
        // Window figures come from rotated 5 s slices: poll until the slow requests are in.
        JsonNode budget = null;
        for (int i = 0; i < 60; i++) {
            budget = shop.get("/health/budget").json();
            if (!budget.path("validation").path("withinBudget").asBoolean(true)) {
                break;
            }
            Thread.sleep(250);
        }
        assertEquals(100, budget.path("performanceBudget").path("maxResponseTime").asInt());
        assertFalse(budget.path("validation").path("withinBudget").asBoolean(true), budget.toString());
        assertTrue(budget.path("validation").path("violations").toString().contains("P95 over budget"), budget.toString());
        assertTrue(shop.get("/metrics").body().contains("vitals_budget_within{budget=\"responseTimeP95\"} 0"));
        assertEquals(400, shop.get("/health/budget?window=abc").status());
        // Availability against 99.9 %, sampled from the health status: the shop has been healthy throughout.
        assertEquals(99.9, budget.path("performanceBudget").path("minAvailability").asDouble(), 1e-9, budget.toString());
        assertEquals(100.0, budget.path("current").path("availability").asDouble(), 1e-9, budget.toString());
        assertTrue(shop.get("/metrics").body().contains("vitals_budget_within{budget=\"availability\"} 1"));
    }

    @Test
    void slowErrorAndMissingPages() {
        HttpResult slow = Http.get(base.resolve("api/slow?ms=50"));
        assertEquals(200, slow.status(), slow.toString());
        assertEquals(50, slow.json().path("sleptMs").asInt());
        assertEquals(500, Http.get(base.resolve("api/error")).status());
        assertEquals(404, Http.get(base.resolve("api/missing")).status());
        assertEquals(405, Http.post(base.resolve("api/products"), "", FORM).status());
    }

    @Test
    void cacheMissThenHit() {
        Services.requireRedis();
        String key = "it-" + UUID.randomUUID();
        HttpResult first = Http.get(base.resolve("api/cache/" + key));
        assertEquals(200, first.status(), first.toString());
        assertFalse(first.json().path("hit").asBoolean(), first.toString());
        HttpResult second = Http.get(base.resolve("api/cache/" + key));
        assertTrue(second.json().path("hit").asBoolean(), second.toString());
        assertEquals(first.json().path("value"), second.json().path("value"));
    }

    @Test
    void postgresDatabase() {
        Services.requirePostgres();
        try (AgentProcess pg = AgentProcess.jar(Jars.demoShop()).args("--port=0", "--db=postgres", "--redis=off").start()) {
            URI pgBase = URI.create("http://127.0.0.1:" + pg.awaitOutput(SHOP_LISTENING, Duration.ofSeconds(60)).group(1) + "/");
            assertTrue(pg.stdout().contains("jdbc:postgresql://127.0.0.1:5432/test"), pg.describe());
            assertEquals(5, Http.get(pgBase.resolve("api/products")).json().size());
            HttpResult placed = Http.post(pgBase.resolve("api/orders"), "productId=5", FORM);
            assertEquals(201, placed.status(), placed.toString() + pg.describe());
            assertEquals(200, pg.get("/health/live").status());
        }
    }
}

package dev.vitals.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo shop on the real PostgreSQL and the real Redis: every check Vitals finds on its own (the database
 * the pool uses, the Redis the clients use, the system) is healthy, in the /health format (status, checks, summary) and in health+json.
 */
class RealDependenciesHealthTest {
    @Test
    void everythingHealthyAgainstRealPostgresAndRedis() throws Exception {
        Services.requirePostgres();
        Services.requireRedis();
        try (AgentProcess shop = AgentProcess.jar(Jars.demoShop()).agentArg("service.name", "demo-shop")
                .args("--port=0", "--db=postgres").start()) {
            URI base = URI.create("http://127.0.0.1:"
                    + shop.awaitOutput(DemoShopTest.SHOP_LISTENING, Duration.ofSeconds(60)).group(1) + "/");
            for (int i = 1; i <= 3; i++) {
                assertEquals(200, Http.get(base.resolve("api/products/" + i)).status()); // database, then cache
            }
            // The database's details (system, URL) appear from the first check run after the pool connected.
            HttpResult health = Await.until("database and redis checks healthy", Duration.ofSeconds(60), () -> shop.get("/health"),
                    h -> "healthy".equals(h.json().path("checks").path("database").path("status").asText())
                            && "postgresql".equals(h.json().path("checks").path("database").path("system").asText())
                            && "healthy".equals(h.json().path("checks").path("redis").path("status").asText()));
            JsonNode checks = health.json().path("checks");
            assertEquals("healthy", checks.path("database").path("status").asText(), String.valueOf(health));
            assertEquals("postgresql", checks.path("database").path("system").asText(), String.valueOf(health));
            assertTrue(checks.path("database").path("critical").asBoolean(), "databases are critical by default");
            assertEquals("healthy", checks.path("redis").path("status").asText(), String.valueOf(health));
            assertEquals("healthy", checks.path("system").path("status").asText(), String.valueOf(health));
            assertEquals(200, health.status(), health.toString());
            assertEquals("healthy", health.json().path("status").asText(), health.toString());
            assertEquals(200, shop.get("/health/ready").status());

            HttpResult draft = shop.get("/health", Map.of("Accept", "application/health+json"));
            assertEquals(200, draft.status(), draft.toString());
            assertEquals("pass", draft.json().path("status").asText(), draft.toString());
            assertTrue(draft.json().path("checks").fieldNames().hasNext(), draft.toString());
            // Keys are component:measurement, plus the draft's own "uptime" example.
            draft.json().path("checks").fields().forEachRemaining(e -> assertTrue(
                    e.getKey().contains(":") || e.getKey().equals("uptime"), "health+json key " + e.getKey()));
            assertTrue(draft.json().path("checks").has("database:responseTime"), draft.toString());
            assertTrue(draft.json().path("checks").has("redis:responseTime"), draft.toString());
        }
    }
}

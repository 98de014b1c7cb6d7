package dev.vitals.it.servlet;

import dev.vitals.it.Await;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Spring MVC 6.2 (a plain DispatcherServlet, no Spring Boot) on Tomcat 10.1: routes come from Spring's
 * best-matching pattern, under both a default ("/") and a prefix ("/mvc/*") servlet mapping, with the
 * segments that Vitals' own normalisation would keep (e.g. {@code /orders/abc}) templated too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpringMvcRoutesTest {
    private ChildApp child;
    private final Map<String, JsonNode> routes = new HashMap<>();

    @BeforeAll
    void drive() throws Exception {
        child = ChildApp.start(App.SPRING_MVC, "");
        for (int i = 0; i < 5; i++) {
            assertEquals(200, child.app("/owners/" + (100 + i)).statusCode());
            assertEquals(200, child.app("/owners/" + i + "/pets/pet-" + i).statusCode());
        }
        assertEquals(200, child.app("/mvc/owners/42").statusCode());
        assertEquals(200, child.app("/orders/abc").statusCode());
        assertEquals(200, child.app("/orders/def").statusCode());
        assertEquals(500, child.app("/orders/x1").statusCode());
        int total = 14;
        JsonNode dashboard = Await.until("every request on the dashboard", Duration.ofSeconds(20),
                () -> child.agentJson("/health/dashboard?window=120000"),
                d -> d.path("requests").path("count").asInt() >= total);
        for (JsonNode r : dashboard.path("routes")) {
            routes.put(r.path("method").asText() + " " + r.path("path").asText(), r);
        }
    }

    @AfterAll
    void stop() {
        if (child != null) {
            child.close();
        }
    }

    @Test
    void routesAreSpringPatterns() {
        assertEquals(5, routes.get("GET /owners/{ownerId}").path("count").asInt(), routes.toString());
        assertEquals(5, routes.get("GET /owners/{ownerId}/pets/{petId}").path("count").asInt(), routes.toString());
        assertEquals(3, routes.get("GET /orders/{code}").path("count").asInt(), routes.toString());
        assertFalse(routes.containsKey("GET /orders/abc"), "Spring's pattern wins over the raw path: " + routes.keySet());
    }

    @Test
    void prefixMappedDispatcherKeepsItsServletPath() {
        assertEquals(1, routes.get("GET /mvc/owners/{ownerId}").path("count").asInt(), routes.toString());
    }

    @Test
    void exceptionsThroughSpringCountAs500OnTheirRoute() {
        JsonNode orders = child.agentJson("/health/metrics/requests?window=120000&route="
                + URLEncoder.encode("GET:/orders/{code}", StandardCharsets.UTF_8));
        assertEquals(1, orders.path("statusBreakdown").path("500").asInt(), orders.toString());
        assertEquals(2, orders.path("statusBreakdown").path("200").asInt(), orders.toString());
    }
}

package dev.vitals.it.jaxrs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Await;
import dev.vitals.it.Http;
import dev.vitals.it.HttpResult;
import example.jaxrs.JerseyApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Requests to JAX-RS resources are recorded under their {@code @Path} templates, prefixed by the servlet mapping. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JerseyRoutesTest {
    private static final Pattern APP_PORT = Pattern.compile("APP_PORT=(\\d+)");
    private AgentProcess app;
    private final Map<String, JsonNode> routes = new HashMap<>();

    @BeforeAll
    void drive() throws Exception {
        app = AgentProcess.main(JerseyApp.class).start();
        URI base = URI.create("http://127.0.0.1:" + app.awaitOutput(APP_PORT, Duration.ofSeconds(60)).group(1) + "/");
        for (int i = 1; i <= 3; i++) {
            assertEquals(200, Http.get(base.resolve("api/owners/" + i)).status());
        }
        assertEquals(200, Http.get(base.resolve("api/owners/5/pets/9")).status());
        assertEquals(404, Http.get(base.resolve("api/owners/5/pets/0")).status());
        HttpResult deleted = Http.send("DELETE", base.resolve("api/orders/ord_8f3a2c"), "", Map.of());
        assertEquals(200, deleted.status(), deleted.toString());
        JsonNode dashboard = Await.until("6 requests on the dashboard", Duration.ofSeconds(20),
                () -> app.get("/health/dashboard?window=120000").json(), d -> d.path("requests").path("count").asLong() >= 6);
        for (JsonNode r : dashboard.path("routes")) {
            routes.put(r.path("method").asText() + " " + r.path("path").asText(), r);
        }
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void resourceMethodsAreRecordedUnderTheirTemplates() {
        assertEquals(3, count("GET /api/owners/{ownerId}"), routes.keySet().toString());
    }

    @Test
    void parameterRegularExpressionsAreDroppedAndStatusesKept() {
        JsonNode pets = routes.get("GET /api/owners/{ownerId}/pets/{petId}");
        assertEquals(2, pets == null ? 0 : pets.path("count").asInt(), routes.keySet().toString());
        assertEquals(50.0, pets.path("errorRate").asDouble(), 0.01, pets.toString());
    }

    @Test
    void annotationsInheritedFromAnInterfaceGiveTheTemplate() {
        assertEquals(1, count("DELETE /api/orders/{id}"), routes.keySet().toString());
        assertFalse(routes.keySet().stream().anyMatch(k -> k.contains("ord_8f3a2c")), routes.keySet().toString());
    }

    private int count(String route) {
        JsonNode r = routes.get(route);
        return r == null ? 0 : r.path("count").asInt();
    }
}

package dev.vitals.it.reactive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Http;
import dev.vitals.it.HttpResult;
import dev.vitals.it.Promtool;
import dev.vitals.it.Services;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Spring Boot 4 WebFlux application on Reactor Netty ({@link WebFluxApp}) with the real agent: annotated and
 * functional routes, 4xx and 5xx, an error thrown inside the reactive chain, a slow {@code Mono.delay} route, a
 * server-sent-event stream that ends a second after its head, WebClient calls to a real local server (and to a
 * closed port), and reactive Lettuce on the shared Redis inside a request.
 */
class WebFluxTest extends ReactiveSuite {
    private static final int TOTAL = 25;

    @BeforeAll
    void drive() throws Exception {
        Services.requireRedis();
        backend = new Backend();
        port = AgentProcess.freePort();
        app = AgentProcess.main(WebFluxApp.class)
                .agentArg("slow.threshold", "500ms")
                .agentArg("tenant.header", "X-Tenant")
                .agentArg("tenant.attribute", "tenant")
                .agentArg("services.hosts", "127.0.0.1:" + backend.port() + "=backend")
                .args("--server.port=" + port, "--spring.autoconfigure.exclude=" + WebFluxApp.TOMCAT, "--backend.port=" + backend.port(),
                        "--down.port=" + AgentProcess.closedPort())
                .start();
        app.awaitOutput(Pattern.compile("webflux app started"), Duration.ofSeconds(90));

        for (int i = 0; i < 5; i++) {
            assertEquals(200, call("/owners/" + (100 + i), Map.of("X-Tenant", "acme")).status());
        }
        // The tenant from the exchange attribute an API-key filter sets; the header, when present, wins.
        for (int i = 0; i < 3; i++) {
            assertEquals(200, call("/accounts/" + i, Map.of("X-Api-Key", "key-globex")).status());
        }
        assertEquals(200, call("/accounts/7", Map.of("X-Api-Key", "key-globex", "X-Tenant", "acme")).status());
        assertEquals(404, call("/nowhere", Map.of("X-Api-Key", "key-globex")).status());
        for (int i = 0; i < 3; i++) {
            assertEquals(200, call("/fn/items/" + i, Map.of()).status());
            assertEquals(200, call("/proxy/" + i, Map.of()).status());
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(404, call("/missing/" + i, Map.of()).status());
            assertEquals(500, call("/fail/" + i, Map.of()).status());
        }
        assertEquals(200, call("/slow", Map.of()).status());
        HttpResult stream = call("/stream", Map.of());
        assertEquals(200, stream.status());
        assertTrue(stream.body().contains("tick 4"), stream.body());
        assertEquals(200, call("/redis/visits", Map.of()).status());
        assertEquals(502, call("/proxy-down", Map.of()).status());
        assertEquals(200, call("/proxy-slow/9", Map.of()).status());

        collect(TOTAL);
    }

    private HttpResult call(String path, Map<String, String> headers) {
        return Http.get(URI.create("http://127.0.0.1:" + port + path), headers);
    }

    @Test
    void annotatedAndFunctionalRoutesAreWebFluxPatterns() {
        assertEquals(5, metrics.requests("/owners/{ownerId}", 200), metrics.text);
        assertEquals(3, metrics.requests("/fn/items/{id}", 200), metrics.text);
        assertEquals(3, metrics.requests("/proxy/{id}", 200), metrics.text);
        assertEquals(1, metrics.requests("/redis/{key}", 200), metrics.text);
    }

    @Test
    void statusesAndErrorsInsideTheChain() {
        assertEquals(2, metrics.requests("/missing/{id}", 404), metrics.text);
        assertEquals(2, metrics.requests("/fail/{id}", 500), metrics.text);
        assertEquals(1, metrics.requests("/proxy-down", 502), metrics.text);
    }

    @Test
    void eachRequestIsCountedOnce() {
        assertEquals(TOTAL, metrics.allRequests(), metrics.text);
    }

    @Test
    void slowAndStreamingRequestsAreTimedToTheEndOfTheResponse() {
        assertNotNull(slow.get("GET /slow"), slow.toString());
        // The stream's head is written at once; only the end of its last event makes it slow.
        assertNotNull(slow.get("GET /stream"), slow.toString());
        assertEquals(200, slow.get("GET /stream").path("status").asInt());
    }

    @Test
    void reactiveLettuceInsideARequestCountsForIt() {
        JsonNode redis = slow.get("GET /redis/{key}");
        assertNotNull(redis, slow.toString());
        assertEquals(2, redis.path("breakdown").path("redis").path("count").asInt(), redis.toString());
        assertEquals(2, metrics.sum("db_client_operation_duration_seconds_count", "db_system_name", "redis",
                "db_operation_name", "INCR"), metrics.text);
    }

    @Test
    void webClientCallsInsideARequestCountForIt() {
        JsonNode proxy = slow.get("GET /proxy-slow/{id}");
        assertNotNull(proxy, slow.toString());
        assertEquals(1, proxy.path("breakdown").path("http").path("count").asInt(), proxy.toString());
    }

    @Test
    void webClientCallsAreServices() {
        assertEquals(4, metrics.sum("http_client_request_duration_seconds_count", "peer_service", "backend",
                "http_response_status_code", "200"), metrics.text);
        double refused = metrics.sum("http_client_request_duration_seconds_count", "server_address", "127.0.0.1")
                - metrics.sum("http_client_request_duration_seconds_count", "server_address", "127.0.0.1",
                "error_type", "none");
        assertEquals(1, refused, metrics.text);
    }

    @Test
    void tenantsComeFromTheHeaderElseFromTheExchangeAttribute() {
        JsonNode acme = app.get("/health/tenants?window=300000&organizationId=acme").json().path("tenants").path(0);
        assertEquals(6, acme.path("count").asInt(), acme.toString());
        JsonNode globex = app.get("/health/tenants?window=300000&organizationId=globex").json().path("tenants").path(0);
        assertEquals(4, globex.path("count").asInt(), "three accounts and a 404 no handler took: " + globex);
        assertEquals(1, globex.path("errors").asInt(), globex.toString());
    }

    @Test
    void tenantsAndReadiness() {
        assertTrue(app.get("/health/tenants?window=300000").body().contains("acme"));
        HttpResult started = app.get("/health/started");
        assertEquals(200, started.status(), started.body());
        assertEquals("reactor-netty", started.json().path("server").asText());
        assertEquals(200, app.get("/health/ready").status());
    }

    @Test
    void metricsPassPromtool() throws Exception {
        Promtool.assertPasses(metrics.text, "http_server_", "http_client_");
    }
}

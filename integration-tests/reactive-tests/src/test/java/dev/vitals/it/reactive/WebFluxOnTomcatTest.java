package dev.vitals.it.reactive;

import dev.vitals.it.AgentProcess;
import dev.vitals.it.Await;
import dev.vitals.it.Http;
import dev.vitals.it.HttpResult;
import dev.vitals.it.Services;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The WebFlux application of {@link WebFluxTest} on embedded Tomcat instead of Reactor Netty: the servlet
 * instrumentation records each request once (the reactive advice stays out), with WebFlux's patterns as routes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebFluxOnTomcatTest {
    private static final int TOTAL = 7;

    private AgentProcess app;
    private int port;
    private Scrape metrics;

    @BeforeAll
    void drive() {
        Services.requireRedis();
        port = AgentProcess.freePort();
        app = AgentProcess.main(WebFluxApp.class)
                .args("--server.port=" + port, "--spring.autoconfigure.exclude=" + WebFluxApp.NETTY,
                        "--backend.port=" + AgentProcess.freePort(), "--down.port=" + AgentProcess.closedPort())
                .start();
        app.awaitOutput(Pattern.compile("webflux app started"), Duration.ofSeconds(90));
        for (int i = 0; i < 3; i++) {
            assertEquals(200, call("/owners/" + (200 + i)).status());
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(200, call("/fn/items/" + i).status());
        }
        assertEquals(500, call("/fail/1").status());
        assertEquals(404, call("/missing/1").status());
        metrics = Await.until("all " + TOTAL + " requests in /metrics", Duration.ofSeconds(30), () -> new Scrape(app),
                s -> s.allRequests() >= TOTAL, app::describe);
    }

    private HttpResult call(String path) {
        return Http.get(URI.create("http://127.0.0.1:" + port + path), Map.of());
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void eachRequestIsRecordedOnceByTheServletInstrumentation() {
        assertEquals(TOTAL, metrics.allRequests(), metrics.toString());
        assertEquals("tomcat", app.get("/health/started").json().path("server").asText());
    }

    @Test
    void routesAreWebFluxPatterns() {
        assertEquals(3, metrics.requests("/owners/{ownerId}", 200), metrics.toString());
        assertEquals(2, metrics.requests("/fn/items/{id}", 200), metrics.toString());
        assertEquals(1, metrics.requests("/fail/{id}", 500), metrics.toString());
        assertEquals(1, metrics.requests("/missing/{id}", 404), metrics.toString());
    }
}

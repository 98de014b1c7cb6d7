package dev.vitals.it.reactive;

import dev.vitals.it.AgentProcess;
import dev.vitals.it.Http;
import dev.vitals.it.HttpResult;
import dev.vitals.it.Promtool;
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
 * A plain Reactor Netty {@code HttpServer} and {@code HttpClient} ({@link NettyApp}, no Spring) with the real agent:
 * route templates of its router (normalised paths otherwise), an error inside the chain answered by Reactor Netty's 500, a stream that ends after its head,
 * a 404, client calls to a real local server, and readiness once the server is bound.
 */
class NettyServerTest extends ReactiveSuite {
    private static final int TOTAL = 11;

    @BeforeAll
    void drive() throws Exception {
        backend = new Backend();
        app = AgentProcess.main(NettyApp.class).agentArg("slow.threshold", "500ms")
                .agentArg("services.hosts", "127.0.0.1:" + backend.port() + "=backend")
                .args(String.valueOf(backend.port())).start();
        port = Integer.parseInt(app.awaitOutput(Pattern.compile("netty app port (\\d+)"), Duration.ofSeconds(60)).group(1));
        for (int i = 0; i < 4; i++) {
            assertEquals(200, call("/orders/" + (17 + i)).status());
        }
        assertEquals(200, call("/hello/ann").status());
        assertEquals(200, call("/hello/bob").status());
        assertEquals(500, call("/boom").status());
        HttpResult ticks = call("/ticks");
        assertEquals(200, ticks.status());
        assertTrue(ticks.body().contains("tick 3"), ticks.body());
        assertEquals(404, call("/nowhere/abc").status());
        assertEquals(200, call("/call/1").status());
        assertEquals(200, call("/call/2").status());
        collect(TOTAL);
    }

    private HttpResult call(String path) {
        return Http.get(URI.create("http://127.0.0.1:" + port + path), Map.of());
    }

    @Test
    void routesDeclaredWithATemplateKeepIt() {
        assertEquals(2, metrics.requests("/hello/{name}", 200), metrics.toString());
    }

    @Test
    void requestsAreRecordedOnceWithTheirRoutes() {
        assertEquals(4, metrics.requests("/orders/{id}", 200), metrics.text);
        assertEquals(1, metrics.requests("/boom", 500), metrics.text);
        assertEquals(1, metrics.requests("/ticks", 200), metrics.text);
        assertEquals(1, metrics.requests("_other", 404), metrics.text);
        assertEquals(2, metrics.requests("/call/{id}", 200), metrics.text);
        assertEquals(TOTAL, metrics.allRequests(), metrics.text);
    }

    @Test
    void aStreamIsTimedToItsEnd() {
        assertNotNull(slow.get("GET /ticks"), slow.toString());
    }

    @Test
    void httpClientCallsAreServices() throws Exception {
        assertEquals(2, metrics.sum("http_client_request_duration_seconds_count", "peer_service", "backend",
                "http_response_status_code", "200", "error_type", "none"), metrics.text);
        Promtool.assertPasses(metrics.text, "http_server_", "http_client_");
    }

    @Test
    void readyOnceBound() {
        HttpResult started = app.get("/health/started");
        assertEquals(200, started.status(), started.body());
        assertEquals("reactor-netty", started.json().path("server").asText());
        assertEquals(200, app.get("/health/ready").status());
    }
}

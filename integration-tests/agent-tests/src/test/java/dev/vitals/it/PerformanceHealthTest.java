package dev.vitals.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code performance} check on the demo shop's real requests (embedded Tomcat, the real agent): one request in
 * five to the shop's failing page makes {@code /health} degraded, with the reason and a critical alert that fires on
 * the same errors; once the failures stop, {@code /health} is healthy again. Readiness, polled the whole time, never
 * changes. The window is shortened to 10 s so the test does not wait for the default minute.
 */
class PerformanceHealthTest {
    private static final String CRITICAL_RULE = "{\"name\":\"Errors now\",\"metricType\":\"error_rate\","
            + "\"condition\":\"greater_than\",\"threshold\":10,\"duration\":0,\"cooldownPeriod\":60,\"severity\":\"critical\"}";

    @Test
    void errorsMakeTheServiceDegradedNotUnreadyAndItRecovers() throws Exception {
        try (AgentProcess shop = AgentProcess.jar(Jars.demoShop()).agentArg("service.name", "perf-shop")
                .agentArg("health.performance.window", "10s")
                .agentArg("health.performance.min.requests", "10")
                .agentArg("alerts.interval", "500ms")
                .agentArg("alerts.window", "10s")
                .agentArg("alerts.min.requests", "10")
                .args("--port=0").start()) {
            URI base = URI.create("http://127.0.0.1:"
                    + shop.awaitOutput(DemoShopTest.SHOP_LISTENING, Duration.ofSeconds(60)).group(1) + "/");
            assertEquals(201, shop.post("/alerts/rules", CRITICAL_RULE, Map.of("Content-Type", "application/json")).status());
            Await.until("ready", Duration.ofSeconds(30), () -> shop.get("/health/ready").status() == 200);

            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean failing = new AtomicBoolean(true);
            List<String> notReady = new CopyOnWriteArrayList<>();
            AtomicInteger readyPolls = new AtomicInteger();
            Thread readiness = daemon(() -> {
                while (!stop.get()) {
                    HttpResult r = shop.get("/health/ready");
                    readyPolls.incrementAndGet();
                    if (r.status() != 200) {
                        notReady.add(r.toString());
                    }
                    pause(200);
                }
            });
            Thread traffic = daemon(() -> {
                for (int i = 0; !stop.get(); i++) {
                    // One request in five fails while failing is on: 20 % errors.
                    Http.get(base.resolve(failing.get() && i % 5 == 0 ? "api/error" : "api/products"));
                    pause(20);
                }
            });
            try {
                HttpResult degraded = Await.until("/health degraded by the performance check", Duration.ofSeconds(60),
                        () -> shop.get("/health"), h -> "degraded".equals(h.json().path("status").asText())
                                && h.json().path("checks").path("performance").path("criticalAlerts").size() > 0);
                assertEquals(200, degraded.status(), "degraded is not unhealthy: " + degraded);
                JsonNode performance = degraded.json().path("checks").path("performance");
                assertEquals("degraded", performance.path("status").asText(), performance.toString());
                assertTrue(performance.path("message").asText().contains("error rate"), performance.toString());
                assertTrue(performance.path("errorRate").asDouble() > 5, performance.toString());
                assertTrue(performance.path("message").asText().contains("critical alert firing: Errors now"),
                        performance.toString());
                assertTrue(performance.path("score").path("score").asInt() < 80, performance.toString());
                JsonNode score = degraded.json().path("score");
                assertTrue(score.path("score").asInt() < 80, score.toString());
                assertTrue(score.path("issues").toString().contains("performance: error rate"), score.toString());

                failing.set(false);
                HttpResult healthy = Await.until("/health healthy again once the errors stop", Duration.ofSeconds(60),
                        () -> shop.get("/health"), h -> "healthy".equals(h.json().path("status").asText()));
                assertEquals("healthy", healthy.json().path("checks").path("performance").path("status").asText(),
                        healthy.toString());
                assertEquals(100, healthy.json().path("checks").path("performance").path("score").path("score").asInt(),
                        healthy.toString());
                assertTrue(shop.get("/metrics").body().contains("vitals_health_score{part=\"performance\"} 100"));
            } finally {
                stop.set(true);
                traffic.join(20_000);
                readiness.join(20_000);
            }
            assertTrue(readyPolls.get() > 10, "readiness was polled throughout: " + readyPolls.get());
            assertEquals(List.of(), notReady, "readiness never changed");
        }
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The pace of the test's own traffic and polling, not a wait for something to happen. */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

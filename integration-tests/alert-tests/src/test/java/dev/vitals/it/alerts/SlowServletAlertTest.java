package dev.vitals.it.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Await;
import dev.vitals.it.Http;
import dev.vitals.it.HttpResult;
import dev.vitals.it.Jars;
import dev.vitals.it.Services;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import static dev.vitals.it.alerts.Alerts.JSON;
import static dev.vitals.it.alerts.Alerts.activeOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Alerts on real request figures: the demo shop's servlet is slow (1.5 s) and failing on purpose. The agent's
 * own per-route rules fire on them and resolve on fresh data once the bad traffic stops, and a real Prometheus server (Debian's
 * {@code prometheus}) scraping the agent evaluates the shipped {@code deploy/prometheus/vitals-alerts.yml}
 * (with its {@code for:} and rate windows shortened) and reports {@code VitalsHighResponseTime} firing through its API.
 */
class SlowServletAlertTest {
    static final Pattern SHOP_LISTENING = Pattern.compile("demo-shop listening on http://localhost:(\\d+)/");

    private static AgentProcess shop;
    private static URI base;

    @BeforeAll
    static void startShop() {
        shop = AgentProcess.jar(Jars.demoShop())
                .agentArg("service.name", "slow-shop")
                .agentArg("alerts.interval", "500ms")
                .agentArg("alerts.window", "10s")
                // Three threads of 1.5 s requests make about 20 a window, fewer on a busy machine: judge from 3.
                .agentArg("alerts.min.requests", "3")
                .args("--port=0").start();
        base = URI.create("http://127.0.0.1:" + shop.awaitOutput(SHOP_LISTENING, Duration.ofSeconds(60)).group(1) + "/");
    }

    @AfterAll
    static void stopShop() {
        if (shop != null) {
            shop.close();
        }
    }

    /** Runs {@code threads} loops of GET {@code path} until stopped. */
    private static List<Thread> traffic(AtomicBoolean stop, String path, int threads) {
        List<Thread> list = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        Http.get(base.resolve(path));
                    } catch (RuntimeException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            list.add(t);
        }
        return list;
    }

    @Test
    void perRouteRulesFireOnSlowAndFailingRequestsAndResolveOnFreshData() throws Exception {
        String slowRule = Alerts.createRule(shop, """
                {"name": "Slow page", "metricType": "response_time_p95", "route": "GET:/api/slow",
                 "condition": "greater_than", "threshold": 1000, "duration": 1, "cooldownPeriod": 600,
                 "severity": "critical"}""").path("id").asText();
        String errorRule = Alerts.createRule(shop, """
                {"name": "Failing page", "metricType": "error_rate", "route": "GET:/api/error",
                 "condition": "greater_than", "threshold": 50, "duration": 0, "severity": "warning"}""").path("id").asText();
        String quietRule = Alerts.createRule(shop, """
                {"name": "Products slow", "metricType": "response_time_p95", "route": "GET:/api/products",
                 "condition": "greater_than", "threshold": 1000, "duration": 0}""").path("id").asText();
        // A Prometheus counter as a windowed rate: 500 responses per second, from the histogram's _count.
        String rateRule = Alerts.createRule(shop, """
                {"name": "Server errors per second", "metricType": "http_server_request_duration_seconds_count",
                 "matchers": {"http_response_status_code": "500"}, "aggregation": "rate",
                 "condition": "greater_than", "threshold": 1, "duration": 0}""").path("id").asText();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean stopFast = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>(traffic(stop, "api/slow?ms=1500", 3));
        threads.addAll(traffic(stopFast, "api/error", 1));
        threads.addAll(traffic(stopFast, "api/products", 1));
        try {
            JsonNode active = Alerts.awaitJson(shop, "/alerts/active",
                    j -> activeOf(j, slowRule) != null && activeOf(j, errorRule) != null && activeOf(j, rateRule) != null);
            JsonNode slow = activeOf(active, slowRule);
            assertTrue(slow.path("current").asDouble() > 1000, slow.toString());
            assertEquals("response_time_p95 GET:/api/slow", slow.path("metricType").asText());
            assertTrue(slow.path("message").asText().contains("response_time_p95 on GET:/api/slow is"), slow.toString());
            assertTrue(activeOf(active, errorRule).path("current").asDouble() > 50, active.toString());
            assertEquals(null, activeOf(active, quietRule), "a fast route does not fire");
            JsonNode dashboard = shop.get("/health/dashboard").json();
            assertTrue(dashboard.path("alerts").size() >= 2, dashboard.toString());

            // Only the slow page from now on, so that the overall p95 is the slow page's.
            stopFast.set(true);
            prometheusEvaluatesTheShippedRules();
        } finally {
            stop.set(true);
            stopFast.set(true);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
        // No traffic. The 500s counter stands still, which is data (a rate of 0): that alert resolves itself.
        Alerts.awaitJson(shop, "/alerts/active", j -> activeOf(j, rateRule) == null);
        // The routes' windows empty: no data, which changes no state, so their alerts stay active.
        JsonNode quiet = Alerts.awaitJson(shop, "/alerts/rules/" + errorRule, j -> j.path("lastValue").isNull());
        assertEquals("firing", quiet.path("state").asText(), quiet.toString());
        assertEquals("firing", shop.get("/alerts/rules/" + slowRule).json().path("state").asText());
        // Fast requests on the slow page are data again: its alert resolves itself after the rule's 1 s.
        AtomicBoolean stopFastSlow = new AtomicBoolean();
        List<Thread> fast = traffic(stopFastSlow, "api/slow?ms=1", 1);
        try {
            Alerts.awaitJson(shop, "/alerts/active", j -> activeOf(j, slowRule) == null);
        } finally {
            stopFastSlow.set(true);
            for (Thread t : fast) {
                t.join(10_000);
            }
        }
        // /api/error only ever fails: nothing but a person ends that alert.
        String errorAlert = activeOf(shop.get("/alerts/active").json(), errorRule).path("id").asText();
        assertEquals(200, shop.post("/alerts/" + errorAlert + "/resolve", "", Alerts.JSON).status());
        JsonNode history = shop.get("/alerts/history?limit=10").json();
        assertTrue(history.path("alerts").findValues("resolvedBy").stream().filter(n -> n.asText().equals("auto")).count() >= 2,
                history.toString());
    }

    private void prometheusEvaluatesTheShippedRules() throws Exception {
        Path prometheus = Services.requireExecutable("prometheus");
        Path dir = AgentProcess.tempDir("prometheus-");
        String rules = Files.readString(PrometheusFilesTest.DEPLOY.resolve("prometheus/vitals-alerts.yml"))
                .replaceAll("for: \\d+m", "for: 1s").replace("[5m]", "[10s]").replace("[10m]", "[10s]");
        Files.writeString(dir.resolve("vitals-alerts.yml"), rules);
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - vitals-alerts.yml
                scrape_configs:
                  - job_name: slow-shop
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(shop.agentPort()));
        int port = AgentProcess.freePort();
        Process p = new ProcessBuilder(prometheus.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        URI api = URI.create("http://127.0.0.1:" + port);
        try {
            JsonNode a = Await.until("Prometheus to report VitalsHighResponseTime firing", Duration.ofSeconds(90),
                    () -> firing(Http.get(api.resolve("/api/v1/alerts"))), found -> found != null,
                    () -> "\n" + prometheusLog(dir));
            assertEquals("warning", a.path("labels").path("severity").asText());
            assertEquals("slow-shop", a.path("labels").path("job").asText());
            assertTrue(a.path("annotations").path("description").asText().startsWith("P95 response time is"), a.toString());

            // The database rules read series the agent really exposes (the shop's product page queries H2 through
            // HikariCP), and every shipped rule evaluates without error.
            for (String input : List.of("db_client_connection_timeouts_total{job=\"slow-shop\"}",
                    "db_client_connection_wait_time_seconds_count{job=\"slow-shop\"}",
                    "db_client_operation_duration_seconds_bucket{job=\"slow-shop\",db_system_name!=\"redis\",le=\"0.1\"}")) {
                Await.until(input + " in Prometheus", Duration.ofSeconds(30),
                        () -> Http.get(api.resolve("/api/v1/query?query=" + java.net.URLEncoder.encode(input,
                                java.nio.charset.StandardCharsets.UTF_8))),
                        r -> r.status() == 200 && r.json().path("data").path("result").size() > 0,
                        () -> "\n" + scrapeState(api) + "\n" + prometheusLog(dir));
            }
            Await.until("every shipped rule evaluated without error", Duration.ofSeconds(30),
                    () -> Http.get(api.resolve("/api/v1/rules")), r -> r.status() == 200 && rulesHealthy(r.json()),
                    () -> "\n" + Http.get(api.resolve("/api/v1/rules")).body());
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** Whether Prometheus has evaluated every rule of {@code /api/v1/rules}, each with health "ok". */
    private static boolean rulesHealthy(JsonNode answer) {
        int rules = 0;
        for (JsonNode group : answer.path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (!"ok".equals(rule.path("health").asText())) {
                    return false;
                }
                rules++;
            }
        }
        return rules > 0;
    }

    /** The firing VitalsHighResponseTime alert in Prometheus's answer, or null. */
    private static JsonNode firing(HttpResult r) {
        if (r.status() == 200) {
            for (JsonNode a : r.json().path("data").path("alerts")) {
                if (a.path("labels").path("alertname").asText().equals("VitalsHighResponseTime")
                        && a.path("state").asText().equals("firing")) {
                    return a;
                }
            }
        }
        return null;
    }

    /**
     * What a missing series needs to be told apart: Prometheus's view of the target (health, last error, scrape
     * duration) and the database lines the agent exposes now.
     */
    private static String scrapeState(URI api) {
        StringBuilder out = new StringBuilder("Prometheus targets: ");
        try {
            out.append(Http.get(api.resolve("/api/v1/targets")).body());
        } catch (RuntimeException e) {
            out.append(e);
        }
        out.append("\nthe agent's db_client lines now:\n");
        try {
            shop.get("/metrics").body().lines().filter(l -> l.startsWith("db_client_connection"))
                    .forEach(l -> out.append(l).append('\n'));
        } catch (RuntimeException e) {
            out.append(e);
        }
        return out.toString();
    }

    private static String prometheusLog(Path dir) {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}

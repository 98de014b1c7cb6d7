package dev.vitals.it.servlet;

import dev.vitals.it.Await;
import dev.vitals.it.Promtool;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same scenario on every container: one child JVM per test class, one burst of known traffic in
 * {@link #drive()}, then each test reads one aspect of what the agent recorded. Windows are read as of the
 * agent's last rotation (every 5 s), so {@link #drive()} waits once for the dashboard to show every request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContainerTestBase {
    static final String WINDOW = "?window=120000";
    static final String AGENT_ARGS = "slow.threshold=150ms,tenant.header=X-Org-Id,tenant.attribute=app.organization,limits.tenants=4";

    /** Requests sent by {@link #drive()}, by route template and status. */
    final Map<String, Map<Integer, Integer>> sent = new HashMap<>();
    int total;
    /** Application requests sent by the tests after {@link #drive()} (the {@code /served} check): also recorded. */
    volatile int sentAfterDrive;
    /** Requests sent to paths that a container's own handler or valve answers, no servlet. */
    int unhandled;
    ChildApp child;
    JsonNode dashboard;

    abstract App app();

    /** Paths the container's own handler or valve answers without a servlet (the apps' {@code /plain}). */
    List<String> unhandledPaths() {
        return List.of("/plain");
    }

    @BeforeAll
    void drive() throws Exception {
        child = ChildApp.start(app(), AGENT_ARGS);
        for (int i = 1; i <= 20; i++) {
            send("/api/products/" + i, "/api/products/{id}", 200, "X-Org-Id", i % 2 == 0 ? "acme" : "globex");
        }
        for (int i = 0; i < 3; i++) {
            send("/api/products/0", "/api/products/{id}", 404, "X-Org-Id", "acme");
        }
        for (int i = 0; i < 4; i++) {
            send("/status/400", "/status/{id}", 400);
        }
        for (int i = 0; i < 2; i++) {
            send("/status/503", "/status/{id}", 503);
            send("/boom", "/boom", 500);
            send("/forward", "/forward", 200);
            send("/include", "/include", 200);
        }
        for (int i = 0; i < 3; i++) {
            send("/sleep?ms=200&secret=hunter2", "/sleep", 200, "X-Org-Id", "initech");
            send("/async?ms=100", "/async", 202);
        }
        send("/async-dispatch", "/async-dispatch", 200);
        send("/async-timeout", "/async-timeout", 500);
        // No header: the tenant comes from the request attribute the outer filter sets.
        send("/api/products/5?org=wayne", "/api/products/{id}", 200);
        send("/api/products/6?org=wayne", "/api/products/{id}", 200);
        // Tenants past limits.tenants=4 share one overflow series.
        send("/api/products/77", "/api/products/{id}", 200, "X-Org-Id", "umbrella");
        send("/api/products/78", "/api/products/{id}", 200, "X-Org-Id", "hooli");
        // Answered by the container itself: recorded at the container level, once.
        for (String path : unhandledPaths()) {
            for (int i = 0; i < 2; i++) {
                send(path, path, 200);
                unhandled++;
            }
        }

        int expected = total;
        dashboard = Await.until("every request on the dashboard", Duration.ofSeconds(20),
                () -> child.agentJson("/health/dashboard" + WINDOW),
                d -> d.path("requests").path("count").asLong() >= expected);
        // Tenant figures are read from another endpoint: wait for them too.
        Await.until("the tenants' requests", Duration.ofSeconds(20), () -> tenantRequests() >= TENANT_REQUESTS);
    }

    /** Requests sent with a tenant above: 20 + 3 products, 3 slow, 2 by attribute, 2 past the cap. */
    private static final int TENANT_REQUESTS = 30;

    private long tenantRequests() {
        long sum = 0;
        for (JsonNode t : child.agentJson("/health/tenants" + WINDOW).path("tenants")) {
            sum += t.path("count").asLong();
        }
        return sum;
    }

    @AfterAll
    void stop() {
        if (child != null) {
            child.close();
        }
    }

    void send(String path, String route, int expectedStatus, String... headers) {
        HttpResponse<String> r = child.app(path, headers);
        assertEquals(expectedStatus, r.statusCode(), "GET " + path + " on " + app() + ": " + r.body());
        sent.computeIfAbsent(route, k -> new HashMap<>()).merge(expectedStatus, 1, Integer::sum);
        total++;
    }

    int sentTo(String route) {
        return sent.getOrDefault(route, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
    }

    JsonNode route(String method, String path) {
        for (JsonNode r : dashboard.path("routes")) {
            if (r.path("method").asText().equals(method) && r.path("path").asText().equals(path)) {
                return r;
            }
        }
        throw new AssertionError("route " + method + " " + path + " not on the dashboard: " + dashboard.path("routes"));
    }

    @Test
    void everyRequestIsCountedOnce() {
        assertEquals(total, dashboard.path("requests").path("count").asLong(), dashboard.toString());
        // The application's own outer filter counted the same servlet requests: nothing twice, nothing lost.
        sentAfterDrive++;
        assertEquals(Integer.toString(total - unhandled), child.app("/served").body());
    }

    @Test
    void routesAreTemplatesWithTheirCounts() {
        for (String path : sent.keySet()) {
            assertEquals(sentTo(path), route("GET", path).path("count").asInt(), path);
        }
        for (JsonNode r : dashboard.path("routes")) {
            assertFalse(r.path("path").asText().matches(".*/\\d+(/.*)?"), "raw id in route " + r);
        }
        assertEquals(sent.size(), dashboard.path("routes").size(), dashboard.path("routes").toString());
    }

    @Test
    void forwardsAndIncludesAreTheCallersRoute() {
        assertEquals(2, route("GET", "/forward").path("count").asInt());
        assertEquals(2, route("GET", "/include").path("count").asInt());
        assertEquals(1, route("GET", "/async-dispatch").path("count").asInt());
        assertEquals(27, route("GET", "/api/products/{id}").path("count").asInt(), "forwarded targets not counted again");
    }

    @Test
    void errorsAreBrokenDownByStatus() {
        JsonNode errors = dashboard.path("errors");
        JsonNode breakdown = errors.path("errorBreakdown");
        assertEquals(3, breakdown.path("404").asInt(), errors.toString());
        assertEquals(4, breakdown.path("400").asInt(), errors.toString());
        assertEquals(2, breakdown.path("503").asInt(), errors.toString());
        assertEquals(3, breakdown.path("500").asInt(), "two exceptions and one async timeout: " + errors);
        assertEquals(12, errors.path("totalErrors").asInt());
        double expectedRate = Math.round(12 * 1000.0 / total) / 10.0;
        assertEquals(expectedRate, dashboard.path("requests").path("errorRate").asDouble(), 0.05);
        assertEquals(100.0, route("GET", "/boom").path("errorRate").asDouble());

        JsonNode errorsEndpoint = child.agentJson("/health/metrics/errors" + WINDOW);
        assertEquals(12, errorsEndpoint.path("totalErrors").asInt());
        // The exception that ended the request names the error; a 5xx without one is its status.
        assertEquals(2, errorsEndpoint.path("errorTypes").path("java.lang.IllegalStateException").asInt(),
                errorsEndpoint.toString());
        assertEquals(2, errorsEndpoint.path("errorTypes").path("503").asInt(), errorsEndpoint.toString());
        JsonNode boom = null;
        for (JsonNode r : errorsEndpoint.path("routes")) {
            if (r.path("path").asText().equals("/boom")) {
                boom = r;
            }
        }
        assertNotNull(boom, errorsEndpoint.toString());
        assertEquals(2, boom.path("errorTypes").path("java.lang.IllegalStateException").asInt(), boom.toString());
        // Read later than the dashboard: a rotation since (every 5 s, and at each /metrics scrape) may have added the
        // requests the tests sent after drive().
        int totalRequests = errorsEndpoint.path("totalRequests").asInt();
        assertTrue(totalRequests >= total && totalRequests <= total + sentAfterDrive,
                totalRequests + " requests, " + total + " sent by drive() and " + sentAfterDrive + " after");
    }

    @Test
    void percentilesArePlausibleForAServletThatSleeps() {
        JsonNode sleep = child.agentJson("/health/metrics/requests" + WINDOW + "&route=GET:/sleep");
        assertEquals(3, sleep.path("count").asInt(), sleep.toString());
        assertTrue(sleep.path("minResponseTime").asDouble() >= 199, sleep.toString());
        assertTrue(sleep.path("p50").asDouble() >= 199 && sleep.path("p50").asDouble() < 2_000, sleep.toString());
        assertTrue(sleep.path("p99").asDouble() >= sleep.path("p50").asDouble(), sleep.toString());

        JsonNode async = child.agentJson("/health/metrics/requests" + WINDOW + "&route=GET:/async");
        assertEquals(3, async.path("count").asInt(), async.toString());
        assertTrue(async.path("minResponseTime").asDouble() >= 99, "recorded at completion, not at return: " + async);
        assertEquals(3, async.path("statusBreakdown").path("202").asInt(), async.toString());
    }

    @Test
    void asyncTimeoutIsRecordedAsAnError() {
        JsonNode timeout = child.agentJson("/health/metrics/requests" + WINDOW + "&route=GET:/async-timeout");
        assertEquals(1, timeout.path("count").asInt(), timeout.toString());
        assertEquals(1, timeout.path("errors").asInt(), timeout.toString());
        assertTrue(timeout.path("minResponseTime").asDouble() >= 290, timeout.toString());
    }

    @Test
    void slowRequestsAreKeptWithQueryRedacted() {
        HttpResponse<String> raw = child.agent("/health/slow?limit=10");
        assertEquals(200, raw.statusCode());
        assertFalse(raw.body().contains("hunter2"), raw.body());
        JsonNode slow = child.agentJson("/health/slow?limit=10");
        List<JsonNode> sleeps = new ArrayList<>();
        for (JsonNode r : slow.path("requests")) {
            if (r.path("route").asText().equals("/sleep")) {
                sleeps.add(r);
            }
        }
        assertEquals(3, sleeps.size(), slow.toString());
        JsonNode first = sleeps.get(0);
        assertEquals("GET", first.path("method").asText());
        assertEquals("/sleep?ms=****&secret=****", first.path("path").asText());
        assertEquals(200, first.path("status").asInt());
        assertEquals("none", first.path("errorType").asText(), first.toString());
        assertEquals("initech", first.path("tenant").asText());
        assertTrue(first.path("duration").asDouble() >= 199, first.toString());
        assertNotNull(first.path("time").asText(null));
        for (String part : new String[] {"database", "redis", "http"}) {
            assertEquals(0, first.path("breakdown").path(part).path("count").asInt(), first.toString());
        }
        assertEquals(1, child.agentJson("/health/slow?limit=1").path("requests").size());
    }

    @Test
    void probesSeeTheServerStarted() {
        // The app starts its server first thing in main, racing the agent's background install: the
        // server's start must still be seen (the startup gate holds the server class until instrumentation is ready).
        assertEquals(200, child.agent("/health/started").statusCode(), "startup probe");
        assertEquals(200, child.agent("/health/ready").statusCode(), "readiness probe");
    }

    @Test
    void tenantsAreCountedAndCapped() {
        JsonNode all = child.agentJson("/health/tenants" + WINDOW);
        assertTrue(all.path("enabled").asBoolean());
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode t : all.path("tenants")) {
            counts.put(t.path("organizationId").asText(), t.path("count").asInt());
        }
        assertEquals(10, counts.get("globex"), counts.toString());
        assertEquals(13, counts.get("acme"), counts.toString());
        assertEquals(3, counts.get("initech"), counts.toString());
        assertEquals(2, counts.get("wayne"), "tenant from the request attribute: " + counts);
        assertEquals(2, counts.get("_other"), "tenants past the cap of 4: " + counts);
        JsonNode acme = child.agentJson("/health/tenants" + WINDOW + "&organizationId=acme");
        assertEquals(1, acme.path("tenants").size());
        assertEquals(3, acme.path("tenants").get(0).path("errors").asInt(), acme.toString());
        assertEquals(404, child.agent("/health/tenants?organizationId=nobody").statusCode());
    }

    @Test
    void prometheusHasTheServerMetricsAndPassesPromtool() throws Exception {
        HttpResponse<String> metrics = child.agent("/metrics");
        assertEquals(200, metrics.statusCode());
        String body = metrics.body();
        assertTrue(body.contains("# TYPE http_server_request_duration_seconds histogram"), body);
        assertTrue(body.contains("http_server_request_duration_seconds_count{http_request_method=\"GET\","
                + "http_route=\"/api/products/{id}\",http_response_status_code=\"404\",error_type=\"none\"} 3"), body);
        assertTrue(body.contains("http_server_request_duration_seconds_bucket{http_request_method=\"GET\","
                + "http_route=\"/boom\",http_response_status_code=\"500\",error_type=\"java.lang.IllegalStateException\","
                + "le=\"+Inf\"} 2"), body);
        assertTrue(body.contains("http_server_active_requests{http_request_method=\"GET\"} 0"), body);
        assertFalse(body.contains("vitals_route") || body.contains("vitals_tenant"), "internal timers stay internal");
        Promtool.assertPasses(body, "http_server_");
    }

    @Test
    void badParametersAreRejectedWith400NamingThem() throws Exception {
        assertBadRequest("/health/dashboard?window=abc", "window");
        assertBadRequest("/health/metrics/requests?window=-5", "window");
        assertBadRequest("/health/metrics/requests?route=products", "route");
        assertBadRequest("/health/metrics/errors?window=99999999999", "window");
        assertBadRequest("/health/slow?limit=0", "limit");
        assertBadRequest("/health/slow?limit=many", "limit");
    }

    void assertBadRequest(String path, String parameter) throws Exception {
        HttpResponse<String> r = child.agent(path);
        assertEquals(400, r.statusCode(), path + ": " + r.body());
        JsonNode body = ChildApp.JSON.readTree(r.body());
        assertTrue(body.has("error"), r.body());
        assertTrue((body.path("error").asText() + " " + body.path("detail").asText()).contains(parameter), r.body());
    }

    @Test
    void dashboardHasItsDocumentedShape() {
        for (String field : new String[] {"service", "version", "environment", "timestamp", "uptime", "requests", "errors",
                "system", "routes", "dependencies", "alerts"}) {
            assertTrue(dashboard.has(field), field + " missing: " + dashboard);
        }
        for (String field : new String[] {"count", "avgResponseTime", "p50", "p95", "p99", "errorRate", "requestsPerMinute",
                "timeWindow"}) {
            assertTrue(dashboard.path("requests").has(field), field);
        }
        assertEquals(120_000, dashboard.path("requests").path("timeWindow").asLong());
        assertTrue(dashboard.path("system").path("currentMemoryUsage").asDouble() > 0);
        assertTrue(dashboard.path("alerts").isArray());
    }
}

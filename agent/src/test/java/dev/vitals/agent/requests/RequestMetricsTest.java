package dev.vitals.agent.requests;

import dev.vitals.agent.metrics.MetricRegistry;
import dev.vitals.bootstrap.RequestScope;
import dev.vitals.agent.metrics.WindowConfig;
import dev.vitals.bootstrap.servlet.AsyncRecording;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recorder against a real registry: routes, statuses, tenants, slow requests and async completion. */
class RequestMetricsTest {
    private final MetricRegistry registry = new MetricRegistry(WindowConfig.DEFAULT);
    private final RequestMetrics metrics = new RequestMetrics(registry, 20, 2, 50, 50, 10, 300_000);

    private void request(String method, String uri, Object template, int status, String tenant, Throwable thrown) {
        long start = metrics.begin(method);
        metrics.end(method, uri, "", uri, null, template, "token=s3cret", tenant, status, thrown, start);
    }

    /** Counts by "method route status"; the error type is checked by {@link #errorTypeCounts()}. */
    private Map<String, Long> statusCounts() {
        long now = System.currentTimeMillis();
        registry.rotateAll(now);
        Map<String, Long> counts = new HashMap<>();
        metrics.byStatus().forEach((labels, timer) ->
                counts.merge(labels[0] + " " + labels[1] + " " + labels[2], timer.window(60_000, now).count(), Long::sum));
        return counts;
    }

    private Map<String, Long> errorTypeCounts() {
        long now = System.currentTimeMillis();
        registry.rotateAll(now);
        Map<String, Long> counts = new HashMap<>();
        metrics.byStatus().forEach((labels, timer) ->
                counts.merge(labels[1] + " " + labels[3], timer.window(60_000, now).count(), Long::sum));
        return counts;
    }

    @Test
    void errorTypeIsTheExceptionClassElseA5xxStatusElseNone() {
        request("GET", "/boom", null, 200, null, new IllegalStateException("thrown by the servlet"));
        request("GET", "/boom", null, 200, null, new javax.servlet.ServletException("wrapped",
                new java.io.UncheckedIOException(new java.io.IOException("disk"))));
        request("GET", "/gateway", null, 503, null, null);
        request("GET", "/missing", null, 404, null, null);
        Map<String, Long> counts = errorTypeCounts();
        assertEquals(1L, counts.get("/boom java.lang.IllegalStateException"), counts.toString());
        assertEquals(1L, counts.get("/boom java.io.UncheckedIOException"), "the servlet exception's cause: " + counts);
        assertEquals(1L, counts.get("/gateway 503"), counts.toString());
        assertEquals(1L, counts.get("_other none"), "a 4xx is not a server error (and an unmatched 404 adds no route): " + counts);
        RequestWindow w = new RequestWindow(metrics.byStatus(), 60_000, System.currentTimeMillis(), null, null);
        assertEquals(1L, w.errorsByType.get("java.lang.IllegalStateException"), w.errorsByType.toString());
        assertEquals(1L, w.errorsByType.get("503"), w.errorsByType.toString());
    }

    @Test
    void exceptionClassesPastTheLimitGoToOther() {
        RequestMetrics capped = new RequestMetrics(registry, 20, 2, 2, 50, 10, 300_000);
        Throwable[] errors = {new IllegalStateException(), new IllegalArgumentException(), new UnsupportedOperationException()};
        for (Throwable t : errors) {
            long start = capped.begin("GET");
            capped.end("GET", "/x", "", "/x", null, null, null, null, 200, t, start);
        }
        long now = System.currentTimeMillis();
        registry.rotateAll(now);
        Map<String, Long> counts = new HashMap<>();
        capped.byStatus().forEach((labels, timer) -> counts.merge(labels[3], timer.window(60_000, now).count(), Long::sum));
        assertEquals(1L, counts.get("_other"), counts.toString());
        assertEquals(3, counts.size(), counts.toString());
    }

    @Test
    void recordsRouteMethodAndStatus() {
        request("GET", "/api/products/1", null, 200, null, null);
        request("GET", "/api/products/2", null, 200, null, null);
        request("GET", "/api/products/3", null, 404, null, null);
        request("DELETE", "/api/products/3", null, 204, null, null);
        request("BREW", "/coffee", null, 418, null, null);
        request("GET", "/boom", null, 200, null, new IllegalStateException("thrown by the servlet"));
        Map<String, Long> counts = statusCounts();
        assertEquals(2L, counts.get("GET /api/products/{id} 200"), counts.toString());
        assertEquals(1L, counts.get("GET /api/products/{id} 404"), counts.toString());
        assertEquals(1L, counts.get("DELETE /api/products/{id} 204"), counts.toString());
        assertEquals(1L, counts.get("_OTHER /coffee 418"), counts.toString());
        assertEquals(1L, counts.get("GET /boom 500"), "an exception counts as 500: " + counts);
        for (int i = 0; i < HttpMethods.count(); i++) {
            assertEquals(0, metrics.active(i), "nothing in flight");
        }
    }

    @Test
    void frameworkTemplateWinsAndKeepsServletPrefix() {
        long start = metrics.begin("GET");
        metrics.end("GET", "/shop/mvc/owners/7", "/shop", "/mvc", "/owners/7", "/owners/{ownerId}", null, null, 200, null, start);
        start = metrics.begin("GET");
        metrics.end("GET", "/shop/owners/abc", "/shop", "/owners/abc", null, "/owners/{ownerId}", null, null, 200, null, start);
        Map<String, Long> counts = statusCounts();
        assertEquals(1L, counts.get("GET /shop/mvc/owners/{ownerId} 200"), counts.toString());
        assertEquals(1L, counts.get("GET /shop/owners/{ownerId} 200"), counts.toString());
    }

    @Test
    void unmatched404sDoNotCreateRoutes() {
        for (int i = 0; i < 50; i++) {
            request("GET", "/wp-admin/probe" + (char) ('a' + i % 26) + i, null, 404, null, null);
        }
        assertEquals(0, metrics.routes().size());
        assertEquals(50L, statusCounts().get("GET _other 404"));
    }

    @Test
    void routesPastTheLimitGoToOther() {
        for (int i = 0; i < 30; i++) {
            request("GET", "/page" + (char) ('a' + i % 26) + (char) ('a' + i / 26), null, 200, null, null);
        }
        assertEquals(20, metrics.routes().size());
        assertEquals(10L, statusCounts().get("GET _other 200"));
    }

    @Test
    void tenantsAreCappedAndErrorsCounted() {
        request("GET", "/a", null, 200, "acme", null);
        request("GET", "/a", null, 500, "acme", null);
        request("GET", "/a", null, 200, "globex", null);
        request("GET", "/a", null, 200, "initech", null);
        request("GET", "/a", null, 200, null, null);
        long now = System.currentTimeMillis();
        registry.rotateAll(now);
        Map<String, Long> tenants = new HashMap<>();
        metrics.tenants().forEach((labels, timer) -> tenants.put(labels[0], timer.window(60_000, now).count()));
        assertEquals(2L, tenants.get("acme"), tenants.toString());
        assertEquals(1L, tenants.get("globex"), tenants.toString());
        assertEquals(1L, tenants.get("_other"), "initech is past the cap of 2: " + tenants);
        Map<String, Long> errors = new HashMap<>();
        metrics.tenantErrors().forEach((labels, timer) -> errors.put(labels[0], timer.window(60_000, now).count()));
        assertEquals(1L, errors.get("acme"), errors.toString());
        registry.rotateAll(now);
        assertEquals(5, new RequestWindow(metrics.byStatus(), 60_000, now, null, null).all.count);
    }

    @Test
    void windowMergesStatusesPerRouteAndOverall() {
        for (int i = 0; i < 8; i++) {
            request("GET", "/api/products/" + i, null, 200, null, null);
        }
        request("GET", "/api/products/9", null, 404, null, null);
        request("GET", "/api/products/9", null, 503, null, null);
        request("POST", "/api/products", null, 201, null, null);
        long now = System.currentTimeMillis();
        registry.rotateAll(now);
        RequestWindow w = new RequestWindow(metrics.byStatus(), 60_000, now, null, null);
        assertEquals(11, w.all.count);
        assertEquals(2, w.errors);
        assertEquals(Map.of("404", 1L, "503", 1L), w.errorsByStatus);
        assertEquals(2, w.routes.size());
        RequestWindow.Route products = w.routes.get(0);
        assertEquals("GET", products.method);
        assertEquals("/api/products/{id}", products.path);
        assertEquals(10, products.figures.count);
        assertEquals(2, products.errors);
        assertEquals(Map.of("200", 8L, "404", 1L, "503", 1L), products.byStatus);

        RequestWindow one = new RequestWindow(metrics.byStatus(), 60_000, now, "POST", "/api/products");
        assertEquals(1, one.routes.size());
        assertEquals(1, one.all.count);
        assertEquals(0, one.errors);
    }

    @Test
    void slowRequestsAreKeptRedacted() throws Exception {
        long start = metrics.begin("GET") - 80_000_000L;
        metrics.end("GET", "/reports/2024", "", "/reports/2024", null, null, "token=s3cret&x=1", "acme", 200, null, start);
        request("GET", "/fast", null, 200, null, null);
        List<SlowRequests.Entry> slow = metrics.slow().slowest(10, 60_000, System.currentTimeMillis());
        assertEquals(1, slow.size());
        SlowRequests.Entry e = slow.get(0);
        assertEquals("/reports/{id}", e.route);
        assertEquals("/reports/{id}?token=****&x=****", e.path, "the route, never the raw path");
        assertEquals("acme", e.tenant);
        assertTrue(e.durationMillis >= 80, e.durationMillis + " ms");
    }

    @Test
    void containerHookFindsKnownRoutesFromRawBytes() {
        byte[] line = "GET /api/products/77;jsessionid=AB12 HTTP/1.1".getBytes(StandardCharsets.US_ASCII);
        int end = line.length - " HTTP/1.1".length();
        assertNull(metrics.knownRoute(line, 4, end), "not known before a request added it");
        request("GET", "/api/products/1", null, 200, null, null);
        assertEquals("/api/products/{id}", metrics.knownRoute(line, 4, end));
        byte[] utf8 = "/api/produits/\u00e9t\u00e9".getBytes(StandardCharsets.UTF_8);
        assertNull(metrics.knownRoute(utf8, 0, utf8.length), "non-ASCII bytes fall back to the URI string");

        // The servlet advice then passes no URI: the scope's known route is recorded.
        RequestScope scope = RequestScope.current();
        scope.knownRoute(metrics.knownRoute(line, 4, end));
        try {
            long start = metrics.begin("GET");
            metrics.end("GET", null, null, null, null, null, null, null, 200, null, start);
        } finally {
            scope.knownRoute(null);
        }
        assertEquals(2L, statusCounts().get("GET /api/products/{id} 200"));
    }

    @Test
    void asyncRequestIsRecordedWhenItEnds() {
        long start = metrics.begin("POST");
        AsyncRecording recording = metrics.asyncStarted("POST", "/jobs/12", "", "/jobs/12", null, null, null, null,
                new Object(), start);
        assertNotNull(recording);
        assertEquals(1, metrics.active(HttpMethods.index("POST")), "in flight until it ends");
        metrics.asyncEnded(recording, 202, false);
        assertEquals(0, metrics.active(HttpMethods.index("POST")));
        assertEquals(1L, statusCounts().get("POST /jobs/{id} 202"));
    }

    @Test
    void reactiveRequestsAreRecordedOnceWithTemplatesPathsAndTheirOwnScope() {
        Object a = new Object();
        Object b = new Object();
        metrics.reactiveBegin(a, "GET");
        metrics.reactiveBegin(b, "POST");
        assertEquals(1, metrics.active(0), "GET in flight");
        RequestScope thread = RequestScope.current();
        RequestScope previous = metrics.reactiveHandling(a);
        assertEquals(thread, previous);
        RequestScope.current().addDatabase(5_000_000); // work of request a, done while its handler runs here
        RequestScope.makeCurrent(previous);
        assertEquals(thread, RequestScope.current(), "the thread's own scope is back");
        metrics.reactiveEnd(b, "/api/orders/17?token=s3cret", 201, null);
        metrics.reactiveEnd(a, "/api/orders/18", 200, "acme");
        metrics.reactiveEnd(a, "/api/orders/18", 200, "acme"); // a second termination records nothing
        metrics.reactiveEnd(new Object(), "/never/begun", 200, null);
        Map<String, Long> counts = statusCounts();
        assertEquals(1L, counts.get("GET /api/orders/{id} 200"), counts.toString());
        assertEquals(1L, counts.get("POST /api/orders/{id} 201"), "the query is not part of the route: " + counts);
        assertEquals(2, counts.size(), counts.toString());
        assertEquals(0, metrics.active(0));
        assertNull(metrics.reactiveHandling(a), "an ended request has no scope");
    }
}

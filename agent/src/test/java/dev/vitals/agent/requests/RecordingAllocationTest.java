package dev.vitals.agent.requests;

import dev.vitals.agent.metrics.MetricRegistry;
import dev.vitals.agent.metrics.WindowConfig;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A servlet request to a known route allocates nothing in steady state. Measured with the thread's
 * own allocation counter (bytes, not time), over requests with normalised ids, a framework template, a tenant
 * and a query string.
 */
class RecordingAllocationTest {
    private static final int REQUESTS = 100_000;

    /** The JVM's per-thread allocation counter, switched on; the test is skipped where there is none. */
    private static com.sun.management.ThreadMXBean allocationCounter() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM has no per-thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "per-thread allocation counting is not supported");
        threads.setThreadAllocatedMemoryEnabled(true);
        return threads;
    }

    @Test
    void knownRoutesAllocateNothing() {
        com.sun.management.ThreadMXBean threads = allocationCounter();
        RequestMetrics metrics = new RequestMetrics(new MetricRegistry(WindowConfig.DEFAULT), 200, 100, 50, 1_000, 50, 300_000);
        String[] uris = {"/api/products/123", "/api/products/456", "/owners/7/pets/9", "/users/3f2504e0-4f89-11d3-9a0c-0305e82c3301"};
        long thread = Thread.currentThread().getId();
        double perRequest = Double.MAX_VALUE;
        // The first round creates the series, routes and thread-locals; later rounds are steady state.
        for (int round = 0; round < 3; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < REQUESTS; i++) {
                String uri = uris[i & 3];
                long start = metrics.begin("GET");
                metrics.end("GET", uri, "", uri, null, (i & 3) == 2 ? "/owners/{ownerId}/pets/{petId}" : null,
                        "page=2", "acme", (i & 7) == 7 ? 404 : 200, null, start);
            }
            perRequest = (threads.getThreadAllocatedBytes(thread) - before) / (double) REQUESTS;
        }
        assertTrue(perRequest < 1.0, perRequest + " bytes allocated per request");
    }

    /** A request ended by an exception: its class name is the error type, found without allocating. */
    @Test
    void requestsEndedByExceptionsAllocateNothing() {
        com.sun.management.ThreadMXBean threads = allocationCounter();
        RequestMetrics metrics = new RequestMetrics(new MetricRegistry(WindowConfig.DEFAULT), 200, 100, 50, 1_000, 50, 300_000);
        Throwable[] thrown = {new IllegalStateException("boom"), new javax.servlet.ServletException("wrapped",
                new IllegalArgumentException("bad")), null};
        long thread = Thread.currentThread().getId();
        double perRequest = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < REQUESTS; i++) {
                long start = metrics.begin("GET");
                metrics.end("GET", "/api/orders/1", "", "/api/orders/1", null, null, null, null, (i % 3) == 2 ? 503 : 200,
                        thrown[i % 3], start);
            }
            perRequest = (threads.getThreadAllocatedBytes(thread) - before) / (double) REQUESTS;
        }
        assertTrue(perRequest < 1.0, perRequest + " bytes allocated per request");
    }

    @Test
    void reactiveRequestsAllocateNothing() {
        com.sun.management.ThreadMXBean threads = allocationCounter();
        RequestMetrics metrics = new RequestMetrics(new MetricRegistry(WindowConfig.DEFAULT), 200, 100, 50, 1_000, 50, 300_000);
        String[] uris = {"/api/products/123", "/api/products/456?page=2", "/owners/7/pets/9", "/health"};
        Object[] requests = {new Object(), new Object(), new Object(), new Object()};
        long thread = Thread.currentThread().getId();
        double perRequest = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < REQUESTS; i++) {
                Object request = requests[i & 3];
                metrics.reactiveBegin(request, "GET");
                dev.vitals.bootstrap.RequestScope previous = metrics.reactiveHandling(request);
                dev.vitals.bootstrap.RequestScope.current().addDatabase(1_000);
                dev.vitals.bootstrap.RequestScope.makeCurrent(previous);
                metrics.reactiveEnd(request, uris[i & 3], (i & 7) == 7 ? 404 : 200, "acme");
            }
            perRequest = (threads.getThreadAllocatedBytes(thread) - before) / (double) REQUESTS;
        }
        assertTrue(perRequest < 1.0, perRequest + " bytes allocated per reactive request");
    }

    /**
     * As a server sees them: every request is a new object, so each takes a slot of the table at random. Scopes
     * kept per slot were created on each slot's first use, about 180 bytes on most of a server's first 8192 requests.
     */
    @Test
    void newReactiveRequestObjectsAllocateNothing() {
        com.sun.management.ThreadMXBean threads = allocationCounter();
        RequestMetrics metrics = new RequestMetrics(new MetricRegistry(WindowConfig.DEFAULT), 200, 100, 50, 1_000, 50, 300_000);
        int perRound = ReactiveRequests.SLOTS;
        long thread = Thread.currentThread().getId();
        double perRequest = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            Object[] requests = new Object[perRound];
            for (int i = 0; i < perRound; i++) {
                requests[i] = new Object();
            }
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < perRound; i++) {
                Object request = requests[i];
                metrics.reactiveBegin(request, "GET");
                dev.vitals.bootstrap.RequestScope previous = metrics.reactiveHandling(request);
                dev.vitals.bootstrap.RequestScope.makeCurrent(previous);
                metrics.reactiveEnd(request, "/api/products/123", 200, null);
            }
            perRequest = (threads.getThreadAllocatedBytes(thread) - before) / (double) perRound;
        }
        assertTrue(perRequest < 1.0, perRequest + " bytes allocated per reactive request");
    }

    @Test
    void routeLookupFromRawBytesAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = allocationCounter();
        RequestMetrics metrics = new RequestMetrics(new MetricRegistry(WindowConfig.DEFAULT), 200, 100, 50, 1_000, 50, 300_000);
        // A container's request line buffer: "GET /api/products/123 HTTP/1.1", the path at [4, 21).
        byte[] line = "GET /api/products/123 HTTP/1.1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long start = metrics.begin("GET");
        metrics.end("GET", "/api/products/9", "", null, null, null, null, null, 200, null, start);
        long thread = Thread.currentThread().getId();
        double perLookup = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < REQUESTS; i++) {
                if (metrics.knownRoute(line, 4, 21) == null) {
                    throw new AssertionError("the route is known");
                }
            }
            perLookup = (threads.getThreadAllocatedBytes(thread) - before) / (double) REQUESTS;
        }
        assertTrue(perLookup < 1.0, perLookup + " bytes allocated per lookup");
    }
    /**
     * What Tomcat's route hook does for a request a servlet's path mapping matched: look the route up from the
     * mapper's context path, servlet path and path info (here a reused char buffer, as Tomcat's own), then record.
     */
    @Test
    void pathMappedRouteLookupAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = allocationCounter();
        RequestMetrics metrics = new RequestMetrics(new MetricRegistry(WindowConfig.DEFAULT), 200, 100, 50, 1_000, 50, 300_000);
        long first = metrics.begin("GET");
        metrics.end("GET", null, "/shop", "/cache", "/alice/1", null, null, null, 200, null, first);
        java.nio.CharBuffer pathInfo = java.nio.CharBuffer.wrap("/bob/42".toCharArray());
        long thread = Thread.currentThread().getId();
        double perRequest = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < REQUESTS; i++) {
                String route = metrics.knownMappedRoute("/shop", "/cache", pathInfo);
                if (!"/shop/cache/{value}/{id}".equals(route)) {
                    throw new AssertionError("the route is known: " + route);
                }
                dev.vitals.bootstrap.RequestScope.current().knownRoute(route);
                long start = metrics.begin("GET");
                metrics.end("GET", null, null, null, null, null, null, null, 200, null, start);
                dev.vitals.bootstrap.RequestScope.current().knownRoute(null);
            }
            perRequest = (threads.getThreadAllocatedBytes(thread) - before) / (double) REQUESTS;
        }
        assertTrue(perRequest < 1.0, perRequest + " bytes allocated per request");
    }

    /**
     * What the container hooks do per request (Tomcat's adapter, Undertow's root call, Jetty's server): open and
     * close the thread's container call, and for a request no servlet handled, read the method from the request
     * line's bytes and record it under a known route, or under the shared route of unmatched 404s.
     */
    @Test
    void containerLevelRecordingAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = allocationCounter();
        RequestMetrics metrics = new RequestMetrics(new MetricRegistry(WindowConfig.DEFAULT), 200, 100, 50, 1_000, 50, 300_000);
        byte[] line = "GET /manager/html HTTP/1.1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        dev.vitals.bootstrap.RequestScope scope = dev.vitals.bootstrap.RequestScope.current();
        metrics.endUnhandled("GET", null, "/manager/html", 401, scope.containerBegin()); // adds the route
        long thread = Thread.currentThread().getId();
        double perRequest = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < REQUESTS; i++) {
                scope.containerBegin();
                if ((i & 1) == 0) {
                    // A servlet handled it: the hook sees the mark and records nothing.
                    long start = metrics.begin("GET");
                    metrics.end("GET", "/manager/html", "", null, null, null, null, null, 200, null, start);
                    if (scope.containerEnd() != 0L) {
                        throw new AssertionError("a servlet handled this request");
                    }
                    continue;
                }
                long start = scope.containerEnd();
                String method = metrics.methodLabel(line, 0, 3);
                String route = metrics.knownRoute(line, 4, 17);
                if ((i & 3) == 1) {
                    metrics.endUnhandled(method, route, null, 401, start);
                } else {
                    metrics.endUnhandled(method, null, "/no-such-context/x", 404, start);
                }
            }
            perRequest = (threads.getThreadAllocatedBytes(thread) - before) / (double) REQUESTS;
        }
        assertTrue(perRequest < 1.0, perRequest + " bytes allocated per request");
    }
}

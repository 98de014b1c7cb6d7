package dev.vitals.bootstrap;

import dev.vitals.bootstrap.http.AsyncClientCall;

/**
 * Per-request time breakdown: how long the current request spent in the database, Redis and outbound HTTP, and
 * how many calls each took. One instance per thread, reused for every request on it (never allocated per
 * request). Servlet advice calls {@link #begin()} at the outermost entry and {@link #end()} on exit, then reads
 * the figures; JDBC, Redis and HTTP client advice add to it. Outside a request ({@link #isActive()} false) the
 * {@code add*} methods do nothing, so background work is not attributed to any request.
 *
 * <p>Thread-confined: use only the instance {@link #current()} returns on this thread. Holds primitives, and
 * during a request the asynchronous outbound calls it started (dropped when the figures are read or the request
 * ends). Moving a scope across threads (async requests) is not supported.
 */
public final class RequestScope {
    // Anonymous subclass, not ThreadLocal.withInitial: bootstrap code avoids lambdas (see package docs).
    private static final ThreadLocal<RequestScope> CURRENT = new ThreadLocal<RequestScope>() {
        @Override
        protected RequestScope initialValue() {
            return new RequestScope();
        }
    };

    private boolean active;
    private long databaseNanos;
    private long databaseCount;
    private long redisNanos;
    private long redisCount;
    private long httpClientNanos;
    private long httpClientCount;
    /** A route template found while handling the request (a JAX-RS resource method's path), or null. */
    private String routeTemplate;
    /**
     * The normalised route a container hook found from its raw request line before the servlet ran (Tomcat),
     * so servlet advice need not build the URI string; null when unknown. Set and cleared by that hook
     * around the whole dispatch, so {@link #begin()} leaves it alone.
     */
    private String knownRoute;

    /**
     * Asynchronous outbound calls started during this request, settled into the HTTP client figures when those
     * are first read: a request rarely starts more than a few, so a small fixed array (allocated once per thread).
     */
    private final AsyncClientCall[] asyncCalls = new AsyncClientCall[8];
    private int asyncCount;

    private RequestScope() {
    }

    /** This thread's scope. */
    public static RequestScope current() {
        return CURRENT.get();
    }

    /** Starts a request: clears the figures and activates the scope. */
    public void begin() {
        dropAsync();
        databaseNanos = 0;
        databaseCount = 0;
        redisNanos = 0;
        redisCount = 0;
        httpClientNanos = 0;
        httpClientCount = 0;
        routeTemplate = null;
        active = true;
    }

    /** Ends the request. The figures stay readable until the next {@link #begin()}. */
    public void end() {
        settleAsync();
        active = false;
    }

    public boolean isActive() {
        return active;
    }

    public void addDatabase(long nanos) {
        if (active) {
            databaseNanos += nanos;
            databaseCount++;
        }
    }

    public void addRedis(long nanos) {
        if (active) {
            redisNanos += nanos;
            redisCount++;
        }
    }

    public void addHttpClient(long nanos) {
        if (active) {
            httpClientNanos += nanos;
            httpClientCount++;
        }
    }

    /**
     * An asynchronous outbound call started during this request. It counts as one call of this request; its time
     * counts if it has ended when the request's figures are read (a call the request did not wait for adds none).
     * Beyond the array's size, calls are counted without their time.
     */
    public void addHttpClientAsync(AsyncClientCall call) {
        if (!active) {
            return;
        }
        if (asyncCount < asyncCalls.length) {
            asyncCalls[asyncCount++] = call;
        } else {
            httpClientCount++;
        }
    }

    private void settleAsync() {
        if (asyncCount == 0) {
            return;
        }
        long now = System.nanoTime();
        for (int i = 0; i < asyncCount; i++) {
            long nanos = asyncCalls[i].elapsed(now);
            if (nanos >= 0) {
                httpClientNanos += nanos;
            }
            httpClientCount++;
        }
        dropAsync();
    }

    private void dropAsync() {
        for (int i = 0; i < asyncCount; i++) {
            asyncCalls[i] = null;
        }
        asyncCount = 0;
    }

    /**
     * Sets the route template of the current request, e.g. a JAX-RS resource method's full {@code @Path}
     * ({@code /owners/{ownerId}}), relative to the servlet's prefix mapping. A constant string: nothing is allocated.
     */
    public void routeTemplate(String template) {
        if (active) {
            routeTemplate = template;
        }
    }

    /** The route template set during this request, or null. */
    public String routeTemplate() {
        return routeTemplate;
    }

    /** Sets or (with null) clears the route a container hook found for the request on this thread. */
    public void knownRoute(String route) {
        knownRoute = route;
    }

    /** The route a container hook found for the request on this thread, or null. */
    public String knownRoute() {
        return knownRoute;
    }

    public long databaseNanos() {
        return databaseNanos;
    }

    public long databaseCount() {
        return databaseCount;
    }

    public long redisNanos() {
        return redisNanos;
    }

    public long redisCount() {
        return redisCount;
    }

    public long httpClientNanos() {
        settleAsync();
        return httpClientNanos;
    }

    public long httpClientCount() {
        settleAsync();
        return httpClientCount;
    }
}

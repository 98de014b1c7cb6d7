package dev.vitals.bootstrap.servlet;

import dev.vitals.bootstrap.RequestScope;

/**
 * What server advice reports about one HTTP request (servlet containers, and reactive servers). The agent installs its implementation in
 * {@link ServerHooks#install}; until then (and when the agent is off) a no-op answers.
 *
 * <p>Implementations must be thread-safe, must not allocate for a request to a known route, and may
 * throw: advice suppresses every {@code Throwable}. All strings are the container's own (no copies).
 */
public interface ServerRecorder {
    /** No-op used before the agent installs its recorder. */
    ServerRecorder NOOP = new ServerRecorder() {
    };

    /**
     * The outermost servlet or filter of a request was entered on this thread. Called once per request.
     *
     * @return the start time in {@link System#nanoTime()} units
     */
    default long begin(String method) {
        return System.nanoTime();
    }

    /**
     * Whether a request that began at {@code startNanos} and ends now is over the slow threshold: advice then
     * also reads the URI and query string for the slow-request list (the container may build them per call).
     */
    default boolean isSlow(long startNanos) {
        return false;
    }

    /**
     * The normalised route of the raw request path {@code bytes[start, end)} if that route is already known,
     * else null. For container hooks that see the request line's bytes before the servlet runs, so the
     * URI never has to become a string; must not allocate.
     */
    default String knownRoute(byte[] bytes, int start, int end) {
        return null;
    }

    /**
     * The route of a request that a servlet's path mapping matched (it has a path info), if that route is already
     * known, else null. For container hooks that hold the mapping's parts as character buffers, so they never have
     * to become strings; must not allocate.
     */
    default String knownMappedRoute(CharSequence contextPath, CharSequence servletPath, CharSequence pathInfo) {
        return null;
    }

    /**
     * The label of the HTTP method in {@code bytes[start, end)} (a constant string; unknown methods share one),
     * for container hooks that hold the request line's bytes. Must not allocate.
     */
    default String methodLabel(byte[] bytes, int start, int end) {
        return "_OTHER";
    }

    /**
     * A request that no servlet handled ended at the container level: an authenticator's 401, a 404 outside every
     * context, a redirect or a handler's own answer (Undertow, Jetty). Called by container hooks only when no
     * servlet advice took charge of the request, so each request is counted once.
     *
     * @param knownRoute the route found from the raw path ({@link #knownRoute}), or null
     * @param uri        the request path; may be null when {@code knownRoute} is given, or for a 404 that is not
     *                   slow (a 404 never adds a route)
     */
    default void endUnhandled(String method, String knownRoute, String uri, int status, long startNanos) {
    }

    /**
     * The request finished on the thread that began it (no async processing).
     *
     * @param uri      the request URI; may be null when a route template or a path info is given, or the
     *                 thread's {@code RequestScope#knownRoute()} is set
     * @param contextPath read with a route template or a path info; may be null when the route is already known
     *                 (as may servletPath and pathInfo); servletPath may be null when pathInfo is
     * @param route    a framework's route template (Spring MVC's best-matching pattern), or null
     * @param thrown   the exception that left the servlet, or null
     * @param tenant   the tenant header or attribute value, or null
     */
    default void end(String method, String uri, String contextPath, String servletPath, String pathInfo,
                     Object route, String query, String tenant, int status, Throwable thrown, long startNanos) {
    }

    /**
     * The request went asynchronous ({@code startAsync}) and will finish later: the recorder ends the
     * thread's per-request scope and returns the object to notify on completion, or null to not follow it.
     */
    default AsyncRecording asyncStarted(String method, String uri, String contextPath, String servletPath,
                                        String pathInfo, Object route, String query, String tenant,
                                        Object response, long startNanos) {
        return null;
    }

    /** An asynchronous request finished (completed, timed out or failed) with this status. */
    default void asyncEnded(AsyncRecording recording, int status, boolean failed) {
    }

    // ---- reactive servers (Reactor Netty, Spring WebFlux on it): a request lives across threads ----

    /**
     * A reactive server read a request's head: the request's clock starts. {@code request} is the server's
     * per-request object, which the recorder keys its state by (identity only: it never holds it). Must not
     * allocate.
     *
     * @param method the request method's name (the server's constant for the standard methods)
     */
    default void reactiveBegin(Object request, String method) {
    }

    /** Reactor Netty's own router matched {@code request} to a route declared with this template ({@code /orders/{id}}). */
    default void reactiveRoute(Object request, String template) {
    }

    /**
     * Spring WebFlux is about to run the handler it chose for {@code exchange} (a {@code ServerWebExchange}): its
     * best-matching pattern (annotated controllers and router functions alike) becomes the route of the reactive
     * request under it. On a servlet container it becomes the route template of the servlet request on this thread
     * ({@link RequestScope#routeTemplate(String)}), which the servlet advice records.
     */
    default void webFluxHandler(Object exchange) {
    }

    /**
     * Spring WebFlux's {@code DispatcherHandler} is about to handle {@code exchange} (a {@code ServerWebExchange}),
     * after the application's {@code WebFilter}s ran up to it: the exchange attribute named by
     * {@code tenant.attribute} becomes the tenant of the reactive request under it, used when the request has no
     * {@code tenant.header}. Called only when {@code tenant.attribute} is set.
     */
    default void webFluxDispatch(Object exchange) {
    }

    /**
     * The server runs the application's handler for {@code request} on this thread: the request's own
     * {@link RequestScope} becomes the thread's current one, so what the handler starts here (a JDBC call, a Redis
     * command it subscribes to) counts for the request. Returns the scope that advice gives back with
     * {@link RequestScope#makeCurrent} when the handler call returns, or null when nothing was changed.
     */
    default RequestScope reactiveHandling(Object request) {
        return null;
    }

    /**
     * A reactive request ended: its response was written to the end, failed, or the client went away. Records it
     * once (later calls for the same request do nothing).
     *
     * @param uri    the request URI as received (path and query); only read when the route is new or the request slow
     * @param status the response status
     * @param tenant the tenant header's value, or null
     */
    default void reactiveEnd(Object request, String uri, int status, String tenant) {
    }
}

package dev.vitals.agent.requests;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.log.Log;
import dev.vitals.agent.metrics.MetricDescriptor;
import dev.vitals.agent.metrics.MetricRegistry;
import dev.vitals.bootstrap.RequestScope;
import dev.vitals.agent.metrics.TimerFamily;
import dev.vitals.bootstrap.Vitals;
import dev.vitals.bootstrap.servlet.AsyncRecording;
import dev.vitals.bootstrap.servlet.ServerHooks;
import dev.vitals.bootstrap.servlet.ServerRecorder;

import java.util.concurrent.atomic.LongAdder;

/**
 * Records HTTP server requests reported by the servlet advice and the reactive server advice (Reactor Netty), and
 * holds what the request endpoints read.
 *
 * <p>Per request: the route is found in a bounded {@link RouteTable}; the duration goes into the
 * Prometheus family {@value #DURATION} (method, route, status) of the agent's registry, which is also what
 * the JSON endpoints merge per route and overall, so every figure comes from the same rotation. With tenants
 * on, it also goes into internal per-tenant timers that Prometheus does not see. Requests over the slow
 * threshold also go to {@link SlowRequests}. For a known route this allocates nothing.
 *
 * <p>Thread-safe: every structure here is written by request threads concurrently; readers see windows
 * as of the last rotation of the agent's registry.
 */
public final class RequestMetrics implements ServerRecorder {
    public static final String DURATION = "http_server_request_duration_seconds";
    public static final String ACTIVE = "http_server_active_requests";

    private final RouteTable routes;
    private final TimerFamily byStatus;
    private final ErrorTypes errorTypes;
    private final TimerFamily tenants;
    private final TimerFamily tenantErrors;
    private final SlowRequests slow;
    private final MemorySamples memory = new MemorySamples();
    private final LongAdder[] active = new LongAdder[HttpMethods.count()];
    /** Methods seen so far; written only on the first request of each (a benign race: false to true only). */
    private final boolean[] seen = new boolean[HttpMethods.count()];
    /** Per request thread: the view through which a container's raw path bytes are looked up. */
    private static final ThreadLocal<AsciiView> VIEW = ThreadLocal.withInitial(AsciiView::new);
    /** Per thread: the view through which a reactive request's path (its URI before the query) is looked up. */
    private static final ThreadLocal<ReactiveRequests.PathView> PATH = ThreadLocal.withInitial(ReactiveRequests.PathView::new);
    private final ReactiveRequests reactive = new ReactiveRequests();

    RequestMetrics(MetricRegistry registry, int routeLimit, int tenantLimit, int errorTypeLimit, long slowThresholdMillis,
                   int slowCapacity, long windowMillis) {
        this.routes = new RouteTable(routeLimit);
        // A route usually answers with a handful of statuses; the family's own cap is a second fence.
        this.byStatus = registry.timerFamily(DURATION, routeLimit * 8 + 64 + errorTypeLimit * 4,
                "http_request_method", "http_route", "http_response_status_code", "error_type");
        this.errorTypes = new ErrorTypes(errorTypeLimit);
        // Tenant timers are internal families: the JSON endpoint reads them, Prometheus does not.
        this.tenants = registry.internalTimerFamily("vitals_tenant", tenantLimit, "tenant");
        this.tenantErrors = registry.internalTimerFamily("vitals_tenant_errors", tenantLimit, "tenant");
        this.slow = new SlowRequests(slowThresholdMillis, slowCapacity, windowMillis);
        for (int i = 0; i < active.length; i++) {
            active[i] = new LongAdder();
        }
    }

    /**
     * Builds the recorder from the configuration, installs it in {@link ServerHooks}, describes the
     * Prometheus families and registers the request endpoints. Called once, from {@link RequestsFeature#wire}.
     */
    public static RequestMetrics install(AgentContext context) {
        Config config = context.config();
        RequestMetrics metrics = new RequestMetrics(context.registry(), config.get(Keys.LIMIT_ROUTES),
                config.get(Keys.LIMIT_TENANTS), config.get(Keys.LIMIT_ERROR_TYPES), config.get(Keys.SLOW_THRESHOLD), config.get(Keys.SLOW_CAPACITY),
                config.get(Keys.WINDOW));
        context.registryMetrics().describe(DURATION, new MetricDescriptor("Duration of HTTP server requests.", "seconds",
                MetricDescriptor.DURATION_BUCKETS));
        context.addMetricsSource(new ActiveRequestsSource(metrics));
        context.addEndpoints(new RequestEndpoints(context, metrics));
        BudgetEndpoint budget = new BudgetEndpoint(context, metrics);
        context.addEndpoints(budget);
        context.addMetricsSource(budget);
        context.stream().registerGroup("requests", new RequestStreamGroup(context, metrics)::write);
        ServerRecorder recorder = metrics;
        if (config.get(Keys.TESTING_FAIL_RECORDING)) {
            Log.warn(Keys.TESTING_FAIL_RECORDING.name() + "=true: every servlet recording throws (a test-only setting)");
            recorder = new FailingRecorder();
        }
        ServerHooks.install(recorder, emptyToNull(config.get(Keys.ROUTE_ATTRIBUTE)),
                emptyToNull(config.get(Keys.TENANT_HEADER)), emptyToNull(config.get(Keys.TENANT_ATTRIBUTE)));
        return metrics;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Samples memory for the dashboard; the agent's rotation tick calls this every slice. */
    void sample(long nowMillis) {
        memory.maybeSample(nowMillis);
    }

    // ---- ServerRecorder: called from advice on request threads ----

    @Override
    public long begin(String method) {
        try {
            int m = HttpMethods.index(method);
            active[m].increment();
            if (!seen[m]) {
                seen[m] = true;
            }
            RequestScope.current().begin();
        } catch (Throwable t) {
            Vitals.reportFailure("servlet", t);
        }
        return System.nanoTime();
    }

    @Override
    public boolean isSlow(long startNanos) {
        return slow.isSlow(System.nanoTime() - startNanos);
    }

    @Override
    public String knownRoute(byte[] bytes, int start, int end) {
        AsciiView view = VIEW.get();
        try {
            return view.reset(bytes, start, end) ? routes.known(view) : null;
        } catch (Throwable t) {
            Vitals.reportFailure("servlet", t);
            return null;
        } finally {
            view.clear();
        }
    }

    @Override
    public String methodLabel(byte[] bytes, int start, int end) {
        AsciiView view = VIEW.get();
        try {
            return view.reset(bytes, start, end) ? HttpMethods.NAMES[HttpMethods.index(view)] : HttpMethods.OTHER;
        } finally {
            view.clear();
        }
    }

    @Override
    public void endUnhandled(String method, String knownRoute, String uri, int status, long startNanos) {
        long duration = System.nanoTime() - startNanos;
        try {
            int m = HttpMethods.index(method);
            active[m].increment(); // record() decrements what begin() would have counted
            if (!seen[m]) {
                seen[m] = true;
            }
            String route = knownRoute != null || uri != null ? knownRoute : RouteTable.OTHER;
            record(method, uri, null, null, null, null, route, null, null, status, errorTypes.of(null, status), duration,
                    0, 0, 0, 0, 0, 0);
        } catch (Throwable t) {
            Vitals.reportFailure("servlet", t);
        }
    }

    @Override
    public void end(String method, String uri, String contextPath, String servletPath, String pathInfo, Object route,
                    String query, String tenant, int status, Throwable thrown, long startNanos) {
        long duration = System.nanoTime() - startNanos;
        // End first: it folds in Redis commands that completed on other threads (RequestScope#addRedisLater).
        RequestScope scope = RequestScope.current();
        scope.end();
        try {
            int finalStatus = thrown != null ? 500 : status;
            record(method, uri, contextPath, servletPath, pathInfo, route, scope.knownRoute(), query, tenant,
                    finalStatus, errorTypes.of(thrown, finalStatus), duration, scope.databaseNanos(), scope.databaseCount(),
                    scope.redisNanos(), scope.redisCount(), scope.httpClientNanos(), scope.httpClientCount());
        } catch (Throwable t) {
            Vitals.reportFailure("servlet", t);
        }
    }

    @Override
    public AsyncRecording asyncStarted(String method, String uri, String contextPath, String servletPath,
                                       String pathInfo, Object route, String query, String tenant, Object response,
                                       long startNanos) {
        RequestScope scope = RequestScope.current();
        scope.end(); // the request goes on elsewhere; this thread's scope ends here (see RequestScope)
        try {
            AsyncRecording r = new AsyncRecording(method, uri, contextPath, servletPath, pathInfo, route, query, tenant,
                    response, startNanos);
            r.databaseNanos = scope.databaseNanos();
            r.databaseCount = scope.databaseCount();
            r.redisNanos = scope.redisNanos();
            r.redisCount = scope.redisCount();
            r.httpClientNanos = scope.httpClientNanos();
            r.httpClientCount = scope.httpClientCount();
            return r;
        } catch (Throwable t) {
            Vitals.reportFailure("servlet", t);
            active[HttpMethods.index(method)].decrement();
            return null;
        }
    }

    @Override
    public void asyncEnded(AsyncRecording r, int status, boolean failed) {
        try {
            record(r.method, r.uri, r.contextPath, r.servletPath, r.pathInfo, r.route, null, r.query, r.tenant, status,
                    errorTypes.of(null, status), System.nanoTime() - r.startNanos, r.databaseNanos, r.databaseCount, r.redisNanos, r.redisCount,
                    r.httpClientNanos, r.httpClientCount);
        } catch (Throwable t) {
            Vitals.reportFailure("servlet", t);
        }
    }

    // ---- reactive servers ----

    @Override
    public void reactiveBegin(Object request, String method) {
        try {
            int m = HttpMethods.index(method);
            if (!reactive.begin(request, m, System.nanoTime())) {
                return; // already begun, or no room (see ReactiveRequests)
            }
            active[m].increment();
            if (!seen[m]) {
                seen[m] = true;
            }
        } catch (Throwable t) {
            Vitals.reportFailure("reactive", t);
        }
    }

    @Override
    public void reactiveRoute(Object request, String template) {
        reactive.route(request, template);
    }

    @Override
    public void webFluxHandler(Object exchange) {
        try {
            WebFluxExchanges access = WebFluxExchanges.of(exchange);
            Object request = access.nativeRequest(exchange);
            Object pattern = request == null ? null : access.pattern(exchange);
            if (pattern != null && !reactive.route(request, pattern.toString())) { // PathPattern#toString: its string
                // WebFlux on a servlet container: the servlet advice reads the template when the servlet call returns.
                RequestScope.current().routeTemplate(pattern.toString());
            }
        } catch (Throwable t) {
            Vitals.reportFailure("reactive", t);
        }
    }

    @Override
    public void webFluxDispatch(Object exchange) {
        try {
            String name = ServerHooks.tenantAttribute();
            WebFluxExchanges access = WebFluxExchanges.of(exchange);
            Object value = name == null ? null : access.attribute(exchange, name);
            Object request = value == null ? null : access.nativeRequest(exchange);
            if (request != null) {
                reactive.tenant(request, value.toString());
            }
        } catch (Throwable t) {
            Vitals.reportFailure("reactive", t);
        }
    }

    @Override
    public RequestScope reactiveHandling(Object request) {
        RequestScope scope = reactive.scope(request);
        return scope == null ? null : RequestScope.makeCurrent(scope);
    }

    @Override
    public void reactiveEnd(Object request, String uri, int status, String tenant) {
        int slot = reactive.end(request);
        if (slot < 0) {
            return;
        }
        long duration = System.nanoTime() - reactive.startNanos(slot);
        int m = reactive.method(slot);
        String template = reactive.route(slot);
        if (tenant == null) {
            tenant = reactive.tenant(slot); // tenant.attribute, read when the header is absent
        }
        RequestScope scope = reactive.scope(slot);
        scope.end(); // folds in Redis commands completed on other threads
        long dbNanos = scope.databaseNanos();
        long dbCount = scope.databaseCount();
        long redisNanos = scope.redisNanos();
        long redisCount = scope.redisCount();
        long httpNanos = scope.httpClientNanos();
        long httpCount = scope.httpClientCount();
        reactive.free(slot);
        try {
            String path = uri;
            String query = null;
            String known = null;
            int q = uri == null ? -1 : uri.indexOf('?');
            if (template == null && uri != null) {
                ReactiveRequests.PathView view = PATH.get();
                try {
                    known = routes.known(q < 0 ? uri : view.reset(uri, q));
                } finally {
                    view.clear();
                }
            }
            boolean slow = this.slow.isSlow(duration);
            if (q >= 0 && (slow || (template == null && known == null))) {
                path = uri.substring(0, q);
                query = slow ? uri.substring(q + 1) : null;
            }
            // The reactive hook sees no exception: a 5xx is typed by its status.
            record(HttpMethods.NAMES[m], path, null, null, null, template, known, query, tenant, status,
                    errorTypes.of(null, status), duration, dbNanos, dbCount, redisNanos, redisCount, httpNanos, httpCount);
        } catch (Throwable t) {
            Vitals.reportFailure("reactive", t);
        }
    }

    private void record(String method, String uri, String contextPath, String servletPath, String pathInfo,
                        Object template, String knownRoute, String query, String tenant, int status, String errorType,
                        long durationNanos,
                        long dbNanos, long dbCount, long redisNanos, long redisCount, long httpNanos, long httpCount) {
        int m = HttpMethods.index(method);
        active[m].decrement();
        String methodLabel = HttpMethods.NAMES[m];
        String route = route(uri, contextPath, servletPath, pathInfo, template, knownRoute, status);
        byStatus.get(methodLabel, route, StatusCodes.label(status), errorType).record(durationNanos);
        if (tenant != null && !tenant.isEmpty()) {
            tenants.get(tenant).record(durationNanos);
            if (status >= 400) {
                tenantErrors.get(tenant).record(durationNanos);
            }
        }
        if (slow.isSlow(durationNanos)) {
            long now = System.currentTimeMillis();
            // The route, never the raw path: a path's segments may be user names, keys or other values.
            slow.add(new SlowRequests.Entry(methodLabel, route, QueryRedactor.pathWithRedactedQuery(route, query), status,
                    errorType, durationNanos / 1e6, now, tenant, dbNanos, dbCount, redisNanos, redisCount, httpNanos, httpCount));
        }
    }

    /**
     * In order: a framework's template (Spring MVC's pattern is relative to the servlet's prefix mapping, if any,
     * and to the context path); the servlet's path mapping, when the request has a path info (only a path mapping
     * such as {@code /cache/*} gives one): the context and servlet paths, then a placeholder per segment of the
     * path info; else the normalised path ({@link RouteNormalizer}). An unmatched 404 never adds a route: scanners
     * probing random paths would otherwise fill the table and push real routes into {@code _other}.
     */
    String route(String uri, String contextPath, String servletPath, String pathInfo, Object template,
                 String knownRoute, int status) {
        if (template != null) {
            String pattern = template instanceof String ? (String) template : template.toString();
            String prefix = pathInfo != null ? servletPath : null;
            return routes.template(contextPath, prefix, pattern);
        }
        if (knownRoute != null) {
            return knownRoute;
        }
        if (pathInfo != null) {
            return routes.mapped(contextPath, servletPath, pathInfo, status != 404);
        }
        return routes.normalized(uri, status != 404);
    }

    @Override
    public String knownMappedRoute(CharSequence contextPath, CharSequence servletPath, CharSequence pathInfo) {
        try {
            return routes.knownMapped(contextPath, servletPath, pathInfo);
        } catch (Throwable t) {
            Vitals.reportFailure("servlet", t);
            return null;
        }
    }

    // ---- read side ----

    RouteTable routes() {
        return routes;
    }

    TimerFamily byStatus() {
        return byStatus;
    }

    TimerFamily tenants() {
        return tenants;
    }

    TimerFamily tenantErrors() {
        return tenantErrors;
    }

    SlowRequests slow() {
        return slow;
    }

    MemorySamples memory() {
        return memory;
    }

    boolean seen(int methodIndex) {
        return seen[methodIndex];
    }

    /** In-flight requests per method label index ({@link HttpMethods#NAMES}). */
    long active(int methodIndex) {
        return active[methodIndex].sum();
    }

    /** The test-only recorder of {@code testing.fail.recording=true}: every call throws. */
    static final class FailingRecorder implements ServerRecorder {
        @Override
        public long begin(String method) {
            throw new IllegalStateException("testing.fail.recording: begin");
        }

        @Override
        public void end(String method, String uri, String contextPath, String servletPath, String pathInfo, Object route,
                        String query, String tenant, int status, Throwable thrown, long startNanos) {
            throw new IllegalStateException("testing.fail.recording: end");
        }

        @Override
        public AsyncRecording asyncStarted(String method, String uri, String contextPath, String servletPath,
                                           String pathInfo, Object route, String query, String tenant, Object response,
                                           long startNanos) {
            throw new IllegalStateException("testing.fail.recording: asyncStarted");
        }
    }
}

package dev.vitals.agent.requests;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.AgentContext;
import dev.vitals.agent.alerts.Alert;
import dev.vitals.agent.alerts.AlertEngine;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.health.CheckState;
import dev.vitals.agent.history.History;
import dev.vitals.agent.web.EndpointGroup;
import dev.vitals.agent.web.RouteView;
import dev.vitals.agent.metrics.Snapshot;
import dev.vitals.exporter.Access;
import dev.vitals.exporter.HttpError;
import dev.vitals.exporter.HttpExporter;
import dev.vitals.exporter.Request;
import dev.vitals.exporter.Response;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.vitals.agent.web.RouteView.percent;
import static dev.vitals.agent.web.RouteView.round;

/**
 * The request endpoints: {@code /health/dashboard} (requests, errors, system, routes, dependencies, alerts), {@code /health/metrics/requests},
 * {@code /health/metrics/errors}, {@code /health/slow} and {@code /health/tenants}. Every windowed figure takes
 * {@code ?window=<ms>} and defaults to the {@code window} setting. Durations are milliseconds, rates per minute,
 * error rates percentages; figures are rounded to one decimal.
 *
 * <p>Thread-safe: handlers only read {@link RequestMetrics}.
 */
final class RequestEndpoints implements EndpointGroup {
    static final long MIN_WINDOW = 1_000;
    static final long MAX_WINDOW = 900_000;
    static final int MAX_LIMIT = 100;

    private final AgentContext context;
    private final RequestMetrics metrics;
    private final long defaultWindow;
    private final boolean tenantsEnabled;

    RequestEndpoints(AgentContext context, RequestMetrics metrics) {
        this.context = context;
        this.metrics = metrics;
        this.defaultWindow = context.config().get(Keys.WINDOW);
        this.tenantsEnabled = !context.config().get(Keys.TENANT_HEADER).isEmpty()
                || !context.config().get(Keys.TENANT_ATTRIBUTE).isEmpty();
    }

    @Override
    public void register(HttpExporter.Builder http) {
        http.route("GET", "/health/dashboard", Access.PROTECTED, this::dashboard);
        http.route("GET", "/health/metrics/requests", Access.PROTECTED, this::requests);
        http.route("GET", "/health/metrics/errors", Access.PROTECTED, this::errors);
        http.route("GET", "/health/slow", Access.PROTECTED, this::slow);
        http.route("GET", "/health/tenants", Access.PROTECTED, this::tenants);
    }

    private long window(Request request) {
        return request.queryLong("window", defaultWindow, MIN_WINDOW, MAX_WINDOW);
    }

    // ---- /health/dashboard ----

    private Response dashboard(Request request) {
        long window = window(request);
        long now = System.currentTimeMillis();
        metrics.memory().maybeSample(now);
        RequestWindow w = new RequestWindow(metrics.byStatus(), window, now, null, null);
        long[] memory = metrics.memory().summary(window, now);
        return Response.json(g -> {
            g.writeStartObject();
            g.writeStringField("service", context.serviceName());
            String version = context.config().get(Keys.SERVICE_VERSION);
            g.writeStringField("version", version.isEmpty() ? "unknown" : version);
            g.writeStringField("environment", context.config().get(Keys.ENVIRONMENT));
            g.writeStringField("timestamp", Instant.ofEpochMilli(now).toString());
            g.writeNumberField("uptime", context.process().uptimeMillis() / 1000);
            g.writeFieldName("requests");
            RequestFiguresView.write(g, figures(w), RequestFiguresView.Shape.WINDOW);
            g.writeObjectFieldStart("errors");
            g.writeNumberField("totalErrors", w.errors);
            RouteView.counts(g, "errorBreakdown", w.errorsByStatus);
            g.writeNumberField("timeWindow", window);
            g.writeEndObject();
            g.writeObjectFieldStart("system");
            g.writeNumberField("avgMemoryUsage", megabytes(memory[0]));
            g.writeNumberField("peakMemoryUsage", megabytes(memory[1]));
            g.writeNumberField("currentMemoryUsage", megabytes(memory[2]));
            g.writeNumberField("timeWindow", window);
            g.writeEndObject();
            g.writeArrayFieldStart("routes");
            for (RequestWindow.Route r : w.routes) {
                RouteView.write(g, view(r, window), RouteView.Shape.DASHBOARD);
            }
            g.writeEndArray();
            // Every dependency check (databases, Redis, external services, email) with its latest result.
            g.writeObjectFieldStart("dependencies");
            for (CheckState c : context.health().checks()) {
                if ("system".equals(c.name())) {
                    continue;
                }
                g.writeObjectFieldStart(c.name());
                g.writeStringField("status", c.status().label());
                g.writeStringField("message", c.result().message());
                g.writeNumberField("responseTime", c.durationMillis());
                g.writeBooleanField("critical", c.critical());
                g.writeEndObject();
            }
            g.writeEndObject();
            // Filled by the alert feature; present so the shape is complete.
            g.writeArrayFieldStart("alerts");
            for (Alert a : AlertEngine.activeAlerts(context)) {
                AlertEngine.writeDashboardItem(g, a);
            }
            g.writeEndArray();
            History.writeDashboardField(context, g);
            g.writeEndObject();
        });
    }

    private RequestFiguresView figures(RequestWindow w) {
        return RequestFiguresView.of(w, context.process().uptimeMillis());
    }

    // ---- /health/metrics/requests ----

    private Response requests(Request request) {
        long window = window(request);
        String routeParam = request.query("route");
        long now = System.currentTimeMillis();
        if (routeParam == null) {
            RequestWindow w = new RequestWindow(metrics.byStatus(), window, now, null, null);
            return Response.json(g -> {
                g.writeStartObject();
                g.writeStringField("timestamp", Instant.ofEpochMilli(now).toString());
                RequestFiguresView.writeFields(g, figures(w), RequestFiguresView.Shape.WINDOW);
                g.writeArrayFieldStart("routes");
                for (RequestWindow.Route r : w.routes) {
                    RouteView.write(g, view(r, window), RouteView.Shape.DETAIL);
                }
                g.writeEndArray();
                g.writeEndObject();
            });
        }
        String[] route = parseRoute(routeParam);
        RequestWindow w = new RequestWindow(metrics.byStatus(), window, now, route[0], route[1]);
        return Response.json(g -> {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.ofEpochMilli(now).toString());
            if (w.routes.isEmpty()) {
                RouteView.writeFields(g, RouteView.unseen(route[0], route[1], window), RouteView.Shape.UNSEEN);
            } else {
                RouteView.writeFields(g, view(w.routes.get(0), window), RouteView.Shape.DETAIL);
            }
            g.writeEndObject();
        });
    }

    /** {@code GET:/api/products/{id}} into method and path; a 400 naming the parameter otherwise. */
    static String[] parseRoute(String value) {
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1 || value.charAt(colon + 1) != '/') {
            throw HttpError.badRequest("route must be METHOD:/path, e.g. GET:/api/products/{id}; got '"
                    + abbreviate(value) + "'");
        }
        String method = value.substring(0, colon);
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c < 'A' || c > 'Z') {
                throw HttpError.badRequest("route must start with an upper-case HTTP method such as GET; got '"
                        + abbreviate(value) + "'");
            }
        }
        return new String[] {HttpMethods.label(method), value.substring(colon + 1)};
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }

    private RouteView view(RequestWindow.Route r, long window) {
        return r.view(window, perMinute(r.figures.count, window));
    }

    // ---- /health/metrics/errors ----

    private Response errors(Request request) {
        long window = window(request);
        long now = System.currentTimeMillis();
        RequestWindow w = new RequestWindow(metrics.byStatus(), window, now, null, null);
        List<RequestWindow.Route> routes = new ArrayList<>(w.routes);
        routes.removeIf(r -> r.errors == 0);
        routes.sort((a, b) -> Long.compare(b.errors, a.errors));
        return Response.json(g -> {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.ofEpochMilli(now).toString());
            g.writeNumberField("totalErrors", w.errors);
            g.writeNumberField("totalRequests", w.all.count);
            g.writeNumberField("errorRate", percent(w.errors, w.all.count));
            RouteView.counts(g, "errorBreakdown", w.errorsByStatus);
            RouteView.counts(g, "errorTypes", w.errorsByType);
            g.writeArrayFieldStart("routes");
            for (RequestWindow.Route r : routes) {
                RouteView.write(g, view(r, window), RouteView.Shape.ERRORS);
            }
            g.writeEndArray();
            g.writeNumberField("timeWindow", window);
            g.writeEndObject();
        });
    }

    // ---- /health/slow ----

    private Response slow(Request request) {
        int limit = request.queryInt("limit", 10, 1, MAX_LIMIT);
        long window = window(request);
        long now = System.currentTimeMillis();
        List<SlowRequests.Entry> entries = metrics.slow().slowest(limit, window, now);
        return Response.json(g -> {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.ofEpochMilli(now).toString());
            g.writeNumberField("threshold", metrics.slow().thresholdNanos() / 1_000_000);
            g.writeNumberField("timeWindow", window);
            g.writeArrayFieldStart("requests");
            for (SlowRequests.Entry e : entries) {
                SlowRequestView.write(g, e, SlowRequestView.Shape.API);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    // ---- /health/tenants ----

    private Response tenants(Request request) {
        long window = window(request);
        String organizationId = request.query("organizationId");
        long now = System.currentTimeMillis();
        Map<String, Long> errorCounts = new HashMap<>();
        metrics.tenantErrors().forEach((labels, timer) -> errorCounts.put(labels[0], timer.window(window, now).count()));
        long uptime = context.process().uptimeMillis();
        List<RequestFiguresView> tenants = new ArrayList<>();
        metrics.tenants().forEach((labels, timer) -> {
            if (organizationId == null || organizationId.equals(labels[0])) {
                Snapshot s = timer.window(window, now);
                if (s.count() > 0 || organizationId != null) {
                    tenants.add(RequestFiguresView.ofTenant(labels[0], s, errorCounts.getOrDefault(labels[0], 0L),
                            window, uptime));
                }
            }
        });
        if (organizationId != null && tenants.isEmpty()) {
            throw HttpError.notFound("no requests recorded for organizationId '" + abbreviate(organizationId)
                    + (tenantsEnabled ? "'" : "'; tenants are off: set tenant.header"));
        }
        return Response.json(g -> {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.ofEpochMilli(now).toString());
            g.writeBooleanField("enabled", tenantsEnabled);
            g.writeNumberField("limit", context.config().get(Keys.LIMIT_TENANTS));
            g.writeArrayFieldStart("tenants");
            for (RequestFiguresView tenant : tenants) {
                RequestFiguresView.write(g, tenant, RequestFiguresView.Shape.TENANT);
            }
            g.writeEndArray();
            g.writeNumberField("timeWindow", window);
            g.writeEndObject();
        });
    }

    private double perMinute(long count, long window) {
        return round(count * 60_000.0 / RequestFiguresView.effectiveMillis(window, context.process().uptimeMillis()));
    }

    static double megabytes(long bytes) {
        return round(bytes / (1024.0 * 1024.0));
    }
}

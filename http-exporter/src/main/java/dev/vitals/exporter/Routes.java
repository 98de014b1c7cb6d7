package dev.vitals.exporter;

import io.undertow.util.PathTemplateMatcher;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/** The immutable routing table: path template to method to route. Built once, then read concurrently. */
final class Routes {

    static final class Route {
        final String method;
        final String template;
        final Access access;
        final Handler handler;
        /** Non-null for a WebSocket route (always GET); {@link #handler} is then unused. */
        final WebSocketEndpoint webSocket;
        /** A probe: answered on the IO thread, public, never limited. */
        final boolean probe;

        Route(String method, String template, Access access, Handler handler) {
            this(method, template, access, handler, null, false);
        }

        Route(String method, String template, Access access, Handler handler, WebSocketEndpoint webSocket,
                boolean probe) {
            this.method = method;
            this.template = template;
            this.access = access;
            this.handler = handler;
            this.webSocket = webSocket;
            this.probe = probe;
        }
    }

    /** All routes that share one path template, keyed by method. */
    static final class PathRoutes {
        final String template;
        final Map<String, Route> byMethod = new TreeMap<>();
        String allow;

        PathRoutes(String template) {
            this.template = template;
        }

        /** The route for a method; HEAD falls back to GET, as HTTP requires. */
        Route forMethod(String method) {
            Route route = byMethod.get(method);
            if (route == null && "HEAD".equals(method)) {
                route = byMethod.get("GET");
            }
            return route;
        }

        private void freeze() {
            StringJoiner joiner = new StringJoiner(", ");
            for (String method : byMethod.keySet()) {
                joiner.add(method);
                if ("GET".equals(method) && !byMethod.containsKey("HEAD")) {
                    joiner.add("HEAD");
                }
            }
            allow = joiner.toString();
        }
    }

    /** A path match: the routes of the template and the decoded path parameters. */
    static final class Match {
        final PathRoutes routes;
        final Map<String, String> params;

        Match(PathRoutes routes, Map<String, String> params) {
            this.routes = routes;
            this.params = params;
        }
    }

    private final PathTemplateMatcher<PathRoutes> matcher = new PathTemplateMatcher<>();

    Routes(Iterable<Route> routes) {
        Map<String, PathRoutes> byTemplate = new LinkedHashMap<>();
        for (Route route : routes) {
            PathRoutes group = byTemplate.computeIfAbsent(route.template, PathRoutes::new);
            if (group.byMethod.putIfAbsent(route.method, route) != null) {
                throw new IllegalArgumentException("duplicate route " + route.method + " " + route.template);
            }
        }
        for (PathRoutes group : byTemplate.values()) {
            group.freeze();
            try {
                matcher.add(group.template, group);
            } catch (RuntimeException e) {
                // Undertow refuses templates that are equivalent to one already added, e.g. /a/{x} and /a/{y}.
                throw new IllegalArgumentException("route template " + group.template + " is ambiguous: "
                        + e.getMessage(), e);
            }
        }
    }

    /** The match for a decoded path, or {@code null}. An empty path parameter never matches. */
    Match match(String path) {
        PathTemplateMatcher.PathMatchResult<PathRoutes> result = matcher.match(path);
        if (result == null) {
            return null;
        }
        Map<String, String> params = result.getParameters();
        for (String value : params.values()) {
            if (value.isEmpty()) {
                return null;
            }
        }
        return new Match(result.getValue(), params.isEmpty() ? Collections.emptyMap() : params);
    }
}

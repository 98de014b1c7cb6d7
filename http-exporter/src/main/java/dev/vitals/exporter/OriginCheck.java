package dev.vitals.exporter;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Cross-origin protection for requests a web page could forge: state-changing methods and WebSocket handshakes.
 *
 * <p>Browsers send {@code Origin} on every cross-origin POST, PUT, DELETE and WebSocket handshake. Such a request is
 * refused (403) unless its origin is the listener's own ({@code scheme://Host}) or on the configured allow-list.
 * A request without {@code Origin} comes from a non-browser client (curl, Prometheus, scripts) and passes: it
 * cannot have been forged by a page. JSON writes must also say {@code Content-Type: application/json}, which a
 * page cannot send cross-origin without a preflight that this listener never grants.
 *
 * <p>Immutable and thread-safe.
 */
final class OriginCheck {
    private final Set<String> allowed = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    private final boolean allowAll;

    OriginCheck(Collection<String> allowedOrigins) {
        boolean all = false;
        for (String origin : allowedOrigins) {
            String o = origin.trim();
            if (o.equals("*")) {
                all = true;
            } else if (!o.isEmpty()) {
                allowed.add(stripSlash(o));
            }
        }
        this.allowAll = all;
    }

    static boolean changesState(String method) {
        return !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
    }

    /** @throws HttpError 403 when a browser sent the request from a foreign page */
    void check(HttpServerExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (origin == null || allowAll) {
            return;
        }
        String o = stripSlash(origin.trim());
        String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
        if (host != null && o.equalsIgnoreCase(exchange.getRequestScheme() + "://" + host.trim())) {
            return;
        }
        if (allowed.contains(o)) {
            return;
        }
        throw new HttpError(403, "forbidden_origin", "requests from the web page at origin '" + Request.echo(origin)
                + "' are refused; add it to exporter.allowed.origins to allow it");
    }

    /** @throws HttpError 415 when a request with a body does not declare it as JSON */
    static void requireJson(HttpServerExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            throw HttpError.unsupportedMediaType("send the body as JSON with Content-Type: application/json, got "
                    + (type == null ? "no Content-Type" : "'" + Request.echo(type) + "'"));
        }
    }

    private static String stripSlash(String origin) {
        return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
    }
}

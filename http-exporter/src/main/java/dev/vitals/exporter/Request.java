package dev.vitals.exporter;

import io.undertow.util.HeaderMap;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as a {@link Handler} sees it: routing is done, access is checked and the body has been
 * read (at most the exporter's {@code maxBodyBytes}).
 *
 * <p>Valid only during the handler call that received it; not thread-safe.
 */
public final class Request {
    private static final int MAX_ECHOED_VALUE = 64;

    private final String method;
    private final String path;
    private final Map<String, String> pathParams;
    private final Map<String, List<String>> query;
    private final HeaderMap headers;
    private final byte[] body;
    private final InetAddress remoteAddress;
    private final boolean authorized;

    Request(String method, String path, Map<String, String> pathParams, Map<String, List<String>> query,
            HeaderMap headers, byte[] body, InetAddress remoteAddress, boolean authorized) {
        this.method = method;
        this.path = path;
        this.pathParams = pathParams;
        this.query = query;
        this.headers = headers;
        this.body = body;
        this.remoteAddress = remoteAddress;
        this.authorized = authorized;
    }

    /** The request method, e.g. {@code GET} (a {@code HEAD} request served by a GET route says {@code HEAD}). */
    public String method() {
        return method;
    }

    /** The decoded request path without the query string. */
    public String path() {
        return path;
    }

    /** The decoded value of a {@code {name}} segment of the route template, or {@code null}. */
    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /** The first decoded value of a query parameter, or {@code null} if it is absent. */
    public String query(String name) {
        List<String> values = query.get(name);
        return values == null ? null : values.get(0);
    }

    /** Every decoded value of a query parameter, in request order; empty if absent. */
    public List<String> queryAll(String name) {
        List<String> values = query.get(name);
        return values == null ? Collections.emptyList() : Collections.unmodifiableList(values);
    }

    /** The first value of a header (name case-insensitive), or {@code null}. */
    public String header(String name) {
        return headers.getFirst(name);
    }

    /** The request body, already read; empty if there was none. The array is not copied. */
    public byte[] body() {
        return body;
    }

    /** The body decoded as UTF-8. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The address of the TCP peer (never taken from forwarding headers). */
    public InetAddress remoteAddress() {
        return remoteAddress;
    }

    /**
     * Whether this client may read protected content: it sent the valid token, or no token is configured and
     * it is a loopback client. Always true on a route that required it; on a public route, a handler uses it
     * to leave out details (names, addresses, messages) that only protected routes show.
     */
    public boolean authorized() {
        return authorized;
    }

    /**
     * A long query parameter: absent or empty gives {@code defaultValue}.
     *
     * @throws HttpError 400 naming the parameter, the bad value and the accepted range
     */
    public long queryLong(String name, long defaultValue, long min, long max) {
        String raw = query(name);
        if (raw == null || raw.isEmpty()) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw rangeError(name, raw, min, max);
        }
        if (value < min || value > max) {
            throw rangeError(name, raw, min, max);
        }
        return value;
    }

    /** An int query parameter; see {@link #queryLong}. */
    public int queryInt(String name, int defaultValue, int min, int max) {
        return (int) queryLong(name, defaultValue, min, max);
    }

    /**
     * A query parameter restricted to a set of words, matched ignoring case; returns the spelling from
     * {@code allowed}. Absent or empty gives {@code defaultValue}.
     *
     * @throws HttpError 400 naming the parameter, the bad value and the accepted words
     */
    public String queryEnum(String name, String defaultValue, String... allowed) {
        String raw = query(name);
        if (raw == null || raw.isEmpty()) {
            return defaultValue;
        }
        String trimmed = raw.trim();
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(trimmed)) {
                return candidate;
            }
        }
        throw HttpError.badRequest("query parameter '" + name + "' must be one of " + String.join("|", allowed)
                + ", got '" + echo(raw) + "'");
    }

    private static HttpError rangeError(String name, String raw, long min, long max) {
        return HttpError.badRequest("query parameter '" + name + "' must be an integer from " + min + " to " + max
                + ", got '" + echo(raw) + "'");
    }

    /** Client input echoed in an error detail, shortened so an error body stays small. */
    static String echo(String raw) {
        return raw.length() <= MAX_ECHOED_VALUE ? raw : raw.substring(0, MAX_ECHOED_VALUE) + "...";
    }

    /**
     * Decodes a raw query string ({@code application/x-www-form-urlencoded}: {@code +} is a space).
     *
     * @throws HttpError 400 for malformed percent-encoding
     */
    static Map<String, List<String>> parseQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        int start = 0;
        while (start <= raw.length()) {
            int end = raw.indexOf('&', start);
            if (end < 0) {
                end = raw.length();
            }
            if (end > start) {
                String pair = raw.substring(start, end);
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), pair);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), pair);
                result.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        return result;
    }

    private static String decode(String part, String pair) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("malformed query string near '" + echo(pair)
                    + "': use percent-encoding such as %20 for special characters");
        }
    }

    static String upper(String method) {
        return method.toUpperCase(Locale.ROOT);
    }
}

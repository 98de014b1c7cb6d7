package dev.vitals.agent.web;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One route's figures as every response shows them: the request endpoints and the dashboard (from the live window),
 * the live stream, and performance reports (from history rollups). The feature that reads the figures builds the
 * view; {@link #write} is the one writer, each place choosing a {@link Shape}, i.e. which fields it gets and in
 * which order. Durations are milliseconds, rates percent or per minute, all rounded to one decimal when written.
 *
 * <p>Immutable.
 */
public final class RouteView {
    /** The fields a route can show. */
    enum Field {
        ROUTE, METHOD, PATH, COUNT, AVG_RESPONSE_TIME, AVERAGE_RESPONSE_TIME, MIN_RESPONSE_TIME, MAX_RESPONSE_TIME,
        P50, P95, P99, ERRORS, ERROR_RATE, REQUESTS_PER_MINUTE, STATUS_BREAKDOWN, ERROR_BREAKDOWN, ERROR_TYPES,
        TIME_WINDOW
    }

    /** Where a route is shown. */
    public enum Shape {
        /** {@code /health/dashboard}'s {@code routes[]}. */
        DASHBOARD(Field.METHOD, Field.PATH, Field.COUNT, Field.AVG_RESPONSE_TIME, Field.ERROR_RATE, Field.P95),
        /** The live stream's slowest routes. */
        STREAM(Field.METHOD, Field.PATH, Field.COUNT, Field.AVG_RESPONSE_TIME, Field.P95, Field.ERROR_RATE),
        /** {@code /health/metrics/requests}: every figure of the route, its statuses and its window. */
        DETAIL(Field.ROUTE, Field.METHOD, Field.PATH, Field.COUNT, Field.AVG_RESPONSE_TIME, Field.MIN_RESPONSE_TIME,
                Field.MAX_RESPONSE_TIME, Field.P50, Field.P95, Field.P99, Field.ERRORS, Field.ERROR_RATE,
                Field.REQUESTS_PER_MINUTE, Field.STATUS_BREAKDOWN, Field.TIME_WINDOW),
        /** {@code /health/metrics/requests?route=} for a route with no request in the window. */
        UNSEEN(Field.ROUTE, Field.METHOD, Field.PATH, Field.COUNT, Field.TIME_WINDOW),
        /** {@code /health/metrics/errors}: the route's errors by status and by error type. */
        ERRORS(Field.METHOD, Field.PATH, Field.ERRORS, Field.ERROR_RATE, Field.ERROR_BREAKDOWN, Field.ERROR_TYPES),
        /** A performance report's busiest routes. */
        REPORT(Field.METHOD, Field.PATH, Field.COUNT, Field.AVERAGE_RESPONSE_TIME, Field.P95, Field.P99,
                Field.ERROR_RATE);

        private final Field[] fields;

        Shape(Field... fields) {
            this.fields = fields;
        }
    }

    final String method;
    final String path;
    final long count;
    final double mean;
    final double min;
    final double max;
    final double p50;
    final double p95;
    final double p99;
    /** Requests answered 4xx or 5xx. */
    final long errors;
    final Map<String, Long> byStatus;
    /** {@link #byStatus} restricted to the error statuses. */
    final Map<String, Long> errorsByStatus;
    /** Requests per error type other than none. */
    final Map<String, Long> errorsByType;
    final double requestsPerMinute;
    final long windowMillis;

    /**
     * @param byStatus requests per status label; the 4xx and 5xx ones are the route's error statuses
     * @param requestsPerMinute over the part of the window the process has been up
     */
    public RouteView(String method, String path, long count, double mean, double min, double max, double p50,
                     double p95, double p99, long errors, Map<String, Long> byStatus, Map<String, Long> errorsByType,
                     double requestsPerMinute, long windowMillis) {
        this.method = method;
        this.path = path;
        this.count = count;
        this.mean = mean;
        this.min = min;
        this.max = max;
        this.p50 = p50;
        this.p95 = p95;
        this.p99 = p99;
        this.errors = errors;
        this.byStatus = Collections.unmodifiableMap(new TreeMap<>(byStatus));
        Map<String, Long> errorStatuses = new TreeMap<>(byStatus);
        errorStatuses.keySet().removeIf(k -> !isError(k));
        this.errorsByStatus = Collections.unmodifiableMap(errorStatuses);
        this.errorsByType = Collections.unmodifiableMap(new TreeMap<>(errorsByType));
        this.requestsPerMinute = requestsPerMinute;
        this.windowMillis = windowMillis;
    }

    /** A route asked for by name that had no request in the window. */
    public static RouteView unseen(String method, String path, long windowMillis) {
        return new RouteView(method, path, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), Map.of(), 0, windowMillis);
    }

    /** A report's route: latency and errors over the report's range, no status or rate detail. */
    public static RouteView ofPeriod(String method, String path, long count, double mean, double p95, double p99,
                                     long errors) {
        return new RouteView(method, path, count, mean, 0, 0, 0, p95, p99, errors, Map.of(), Map.of(), 0, 0);
    }

    /** 4xx and 5xx status labels. */
    public static boolean isError(String statusLabel) {
        return statusLabel.length() == 3 && (statusLabel.charAt(0) == '4' || statusLabel.charAt(0) == '5');
    }

    /** Writes {@code r} as one JSON object of the given shape. */
    public static void write(JsonGenerator g, RouteView r, Shape shape) throws IOException {
        g.writeStartObject();
        writeFields(g, r, shape);
        g.writeEndObject();
    }

    /** Writes the fields of {@code r} into the object being written (a response that is about one route). */
    public static void writeFields(JsonGenerator g, RouteView r, Shape shape) throws IOException {
        for (Field field : shape.fields) {
            field(g, r, field);
        }
    }

    private static void field(JsonGenerator g, RouteView r, Field field) throws IOException {
        switch (field) {
            case ROUTE:
                g.writeStringField("route", r.method + ":" + r.path);
                break;
            case METHOD:
                g.writeStringField("method", r.method);
                break;
            case PATH:
                g.writeStringField("path", r.path);
                break;
            case COUNT:
                g.writeNumberField("count", r.count);
                break;
            case AVG_RESPONSE_TIME:
                g.writeNumberField("avgResponseTime", round(r.mean));
                break;
            case AVERAGE_RESPONSE_TIME:
                g.writeNumberField("averageResponseTime", round(r.mean));
                break;
            case MIN_RESPONSE_TIME:
                g.writeNumberField("minResponseTime", round(r.min));
                break;
            case MAX_RESPONSE_TIME:
                g.writeNumberField("maxResponseTime", round(r.max));
                break;
            case P50:
                g.writeNumberField("p50", round(r.p50));
                break;
            case P95:
                g.writeNumberField("p95", round(r.p95));
                break;
            case P99:
                g.writeNumberField("p99", round(r.p99));
                break;
            case ERRORS:
                g.writeNumberField("errors", r.errors);
                break;
            case ERROR_RATE:
                g.writeNumberField("errorRate", percent(r.errors, r.count));
                break;
            case REQUESTS_PER_MINUTE:
                g.writeNumberField("requestsPerMinute", round(r.requestsPerMinute));
                break;
            case STATUS_BREAKDOWN:
                counts(g, "statusBreakdown", r.byStatus);
                break;
            case ERROR_BREAKDOWN:
                counts(g, "errorBreakdown", r.errorsByStatus);
                break;
            case ERROR_TYPES:
                counts(g, "errorTypes", r.errorsByType);
                break;
            default:
                g.writeNumberField("timeWindow", r.windowMillis);
                break;
        }
    }

    /** An object of counts by label, e.g. requests per status. */
    public static void counts(JsonGenerator g, String field, Map<String, Long> counts) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    /** {@code part} as a percentage of {@code whole}, one decimal; 0 when there is no whole. */
    public static double percent(long part, long whole) {
        return whole == 0 ? 0 : round(part * 100.0 / whole);
    }

    /** One decimal; 0 for what is not a number. */
    public static double round(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? 0 : Math.round(v * 10) / 10.0;
    }
}

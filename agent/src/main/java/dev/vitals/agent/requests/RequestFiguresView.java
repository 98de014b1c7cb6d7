package dev.vitals.agent.requests;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.web.RouteView;
import dev.vitals.agent.metrics.Snapshot;

import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of a set of requests that is not one route (routes are {@link RouteView}): every request of the
 * window, or one tenant's. {@link #writeFields} is the one writer, each place choosing a {@link Shape}. Durations
 * are milliseconds, rates percent, per minute or per second, rounded to one decimal like a route's.
 *
 * <p>Immutable.
 */
final class RequestFiguresView {
    /** The fields the figures can show. */
    enum Field {
        ORGANIZATION_ID, TIME_WINDOW, COUNT, REQUESTS_PER_MINUTE, REQUESTS_PER_SECOND, AVG_RESPONSE_TIME, P50, P95,
        P99, MAX_RESPONSE_TIME, ERRORS, ERROR_RATE, ERROR_BREAKDOWN
    }

    /** Where the figures are shown. */
    enum Shape {
        /** Every request of the window: {@code /health/dashboard}'s {@code requests} and {@code /health/metrics/requests}. */
        WINDOW(Field.COUNT, Field.AVG_RESPONSE_TIME, Field.P50, Field.P95, Field.P99, Field.ERROR_RATE,
                Field.REQUESTS_PER_MINUTE, Field.TIME_WINDOW),
        /** Every request of the live stream's window, with the errors by status. */
        STREAM(Field.TIME_WINDOW, Field.COUNT, Field.REQUESTS_PER_MINUTE, Field.REQUESTS_PER_SECOND,
                Field.AVG_RESPONSE_TIME, Field.P50, Field.P95, Field.P99, Field.MAX_RESPONSE_TIME, Field.ERRORS,
                Field.ERROR_RATE, Field.ERROR_BREAKDOWN),
        /** One tenant's row of {@code /health/tenants}. */
        TENANT(Field.ORGANIZATION_ID, Field.COUNT, Field.AVG_RESPONSE_TIME, Field.P95, Field.ERRORS, Field.ERROR_RATE,
                Field.REQUESTS_PER_MINUTE);

        private final Field[] fields;

        Shape(Field... fields) {
            this.fields = fields;
        }
    }

    /** The tenant's organization id; null for every request. */
    final String organizationId;
    final long count;
    final double mean;
    final double p50;
    final double p95;
    final double p99;
    final double max;
    /** Requests answered 4xx or 5xx. */
    final long errors;
    /** Of {@link #errors}, how many per status label. */
    final Map<String, Long> errorsByStatus;
    final long windowMillis;
    /** The part of the window the process has been up (at least a second): what the rates divide by. */
    final long effectiveMillis;

    RequestFiguresView(String organizationId, long count, double mean, double p50, double p95, double p99, double max,
                       long errors, Map<String, Long> errorsByStatus, long windowMillis, long uptimeMillis) {
        this.organizationId = organizationId;
        this.count = count;
        this.mean = mean;
        this.p50 = p50;
        this.p95 = p95;
        this.p99 = p99;
        this.max = max;
        this.errors = errors;
        this.errorsByStatus = Collections.unmodifiableMap(new TreeMap<>(errorsByStatus));
        this.windowMillis = windowMillis;
        this.effectiveMillis = effectiveMillis(windowMillis, uptimeMillis);
    }

    /** Every request of a window. */
    static RequestFiguresView of(RequestWindow w, long uptimeMillis) {
        RequestWindow.Figures f = w.all;
        return new RequestFiguresView(null, f.count, f.mean, f.p50, f.p95, f.p99, f.max, w.errors, w.errorsByStatus,
                w.windowMillis, uptimeMillis);
    }

    /** One tenant's requests over {@code windowMillis}; {@code errors} are its 4xx and 5xx answers. */
    static RequestFiguresView ofTenant(String organizationId, Snapshot s, long errors, long windowMillis,
                                       long uptimeMillis) {
        return new RequestFiguresView(organizationId, s.count(), s.meanMillis(), s.p50(), s.p95(), s.p99(),
                s.maxMillis(), errors, Map.of(), windowMillis, uptimeMillis);
    }

    /** What per-minute and per-second rates divide by: the window, or less while the process is younger. */
    static long effectiveMillis(long windowMillis, long uptimeMillis) {
        return Math.max(1_000, Math.min(windowMillis, uptimeMillis));
    }

    /** Writes the fields into the object being written: the figures sit beside a response's other fields. */
    static void writeFields(JsonGenerator g, RequestFiguresView v, Shape shape) throws IOException {
        for (Field field : shape.fields) {
            field(g, v, field);
        }
    }

    /** Writes the figures as one JSON object. */
    static void write(JsonGenerator g, RequestFiguresView v, Shape shape) throws IOException {
        g.writeStartObject();
        writeFields(g, v, shape);
        g.writeEndObject();
    }

    private static void field(JsonGenerator g, RequestFiguresView v, Field field) throws IOException {
        switch (field) {
            case ORGANIZATION_ID:
                g.writeStringField("organizationId", v.organizationId);
                break;
            case TIME_WINDOW:
                g.writeNumberField("timeWindow", v.windowMillis);
                break;
            case COUNT:
                g.writeNumberField("count", v.count);
                break;
            case REQUESTS_PER_MINUTE:
                g.writeNumberField("requestsPerMinute", RouteView.round(v.count * 60_000.0 / v.effectiveMillis));
                break;
            case REQUESTS_PER_SECOND:
                g.writeNumberField("requestsPerSecond", RouteView.round(v.count * 1_000.0 / v.effectiveMillis));
                break;
            case AVG_RESPONSE_TIME:
                g.writeNumberField("avgResponseTime", RouteView.round(v.mean));
                break;
            case P50:
                g.writeNumberField("p50", RouteView.round(v.p50));
                break;
            case P95:
                g.writeNumberField("p95", RouteView.round(v.p95));
                break;
            case P99:
                g.writeNumberField("p99", RouteView.round(v.p99));
                break;
            case MAX_RESPONSE_TIME:
                g.writeNumberField("maxResponseTime", RouteView.round(v.max));
                break;
            case ERRORS:
                g.writeNumberField("errors", v.errors);
                break;
            case ERROR_RATE:
                g.writeNumberField("errorRate", RouteView.percent(v.errors, v.count));
                break;
            default:
                RouteView.counts(g, "errorBreakdown", v.errorsByStatus);
                break;
        }
    }
}

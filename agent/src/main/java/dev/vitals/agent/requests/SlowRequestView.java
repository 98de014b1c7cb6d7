package dev.vitals.agent.requests;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.time.Instant;

import static dev.vitals.agent.web.RouteView.round;

/**
 * How a slow request ({@link SlowRequests.Entry}, immutable) is shown: one writer for {@code /health/slow} and the
 * live stream, each choosing a {@link Shape}. Durations are milliseconds, one decimal.
 */
final class SlowRequestView {
    /** The fields a slow request can show. */
    enum Field {
        METHOD, ROUTE, PATH, STATUS, ERROR_TYPE, DURATION, TIME, TENANT,
        /** Database, Redis and outbound HTTP time and calls, in one {@code breakdown} object. */
        BREAKDOWN,
        /** The same three objects as fields of the request itself. */
        DOWNSTREAM
    }

    /** Where a slow request is shown. */
    enum Shape {
        /** {@code /health/slow}. */
        API(Field.METHOD, Field.ROUTE, Field.PATH, Field.STATUS, Field.ERROR_TYPE, Field.DURATION, Field.TIME,
                Field.TENANT, Field.BREAKDOWN),
        /** The live stream's slowest recent requests. */
        STREAM(Field.METHOD, Field.ROUTE, Field.PATH, Field.STATUS, Field.DURATION, Field.TIME, Field.DOWNSTREAM);

        private final Field[] fields;

        Shape(Field... fields) {
            this.fields = fields;
        }
    }

    private SlowRequestView() {
    }

    /** Writes {@code e} as one JSON object of the given shape. */
    static void write(JsonGenerator g, SlowRequests.Entry e, Shape shape) throws IOException {
        g.writeStartObject();
        for (Field field : shape.fields) {
            field(g, e, field);
        }
        g.writeEndObject();
    }

    private static void field(JsonGenerator g, SlowRequests.Entry e, Field field) throws IOException {
        switch (field) {
            case METHOD:
                g.writeStringField("method", e.method);
                break;
            case ROUTE:
                g.writeStringField("route", e.route);
                break;
            case PATH:
                g.writeStringField("path", e.path);
                break;
            case STATUS:
                g.writeNumberField("status", e.status);
                break;
            case ERROR_TYPE:
                g.writeStringField("errorType", e.errorType);
                break;
            case DURATION:
                g.writeNumberField("duration", round(e.durationMillis));
                break;
            case TIME:
                g.writeStringField("time", Instant.ofEpochMilli(e.timeMillis).toString());
                break;
            case TENANT:
                if (e.tenant == null) {
                    g.writeNullField("tenant");
                } else {
                    g.writeStringField("tenant", e.tenant);
                }
                break;
            case BREAKDOWN:
                g.writeObjectFieldStart("breakdown");
                downstream(g, e);
                g.writeEndObject();
                break;
            default:
                downstream(g, e);
                break;
        }
    }

    private static void downstream(JsonGenerator g, SlowRequests.Entry e) throws IOException {
        downstream(g, "database", e.databaseNanos, e.databaseCount);
        downstream(g, "redis", e.redisNanos, e.redisCount);
        downstream(g, "http", e.httpNanos, e.httpCount);
    }

    private static void downstream(JsonGenerator g, String name, long nanos, long count) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("timeMs", round(nanos / 1e6));
        g.writeNumberField("count", count);
        g.writeEndObject();
    }
}

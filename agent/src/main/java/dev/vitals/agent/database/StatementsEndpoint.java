package dev.vitals.agent.database;

import dev.vitals.agent.web.EndpointGroup;
import dev.vitals.exporter.Access;
import dev.vitals.exporter.HttpError;
import dev.vitals.exporter.HttpExporter;
import dev.vitals.exporter.Request;
import dev.vitals.exporter.Response;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /health/database/statements?source=&limit=&sort=total|mean|calls|errors}: the reduced statements
 * (literals removed) with the most total time, or by mean, calls or errors, since the agent started: calls, total,
 * mean, p95, max (milliseconds), errors, last seen and their share of all statement time. Bad parameters give 400.
 */
final class StatementsEndpoint implements EndpointGroup {
    static final int MAX_LIMIT = 1_000;

    private final DatabaseMetrics metrics;

    StatementsEndpoint(DatabaseMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void register(HttpExporter.Builder http) {
        http.route("GET", "/health/database/statements", Access.PUBLIC, this::statements);
    }

    private Response statements(Request request) {
        int limit = request.queryInt("limit", 10, 1, MAX_LIMIT);
        String sort = request.queryEnum("sort", "total", "total", "mean", "calls", "errors");
        String source = request.query("source");
        List<StatementStats> all = metrics.statementTable().all();
        if (source != null && !source.isEmpty()) {
            Set<String> known = new LinkedHashSet<>();
            for (Source s : metrics.sources()) {
                known.add(s.name);
            }
            for (StatementStats s : all) {
                known.add(s.source);
            }
            if (!known.contains(source)) {
                throw HttpError.badRequest("query parameter 'source' names no data source; known: " + known);
            }
            all.removeIf(s -> !s.source.equals(source));
        }
        List<Row> rows = new ArrayList<>();
        long totalNanos = 0;
        for (StatementStats s : all) {
            Row r = new Row(s);
            if (r.calls > 0) {
                rows.add(r);
                totalNanos += r.totalNanos;
            }
        }
        rows.sort(order(sort));
        List<Row> top = rows.subList(0, Math.min(limit, rows.size()));
        long sum = totalNanos;
        return Response.json(g -> {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.now().toString());
            g.writeStringField("sort", sort);
            g.writeNumberField("statements", rows.size());
            g.writeNumberField("limit", metrics.statementTable().limit());
            g.writeStringField("unit", "ms");
            g.writeArrayFieldStart("top");
            for (Row r : top) {
                g.writeStartObject();
                g.writeStringField("source", r.stats.source);
                g.writeStringField("operation", r.stats.operation);
                g.writeStringField("query", r.stats.text);
                g.writeNumberField("calls", r.calls);
                g.writeNumberField("total", round(r.totalNanos / 1e6));
                g.writeNumberField("mean", round(r.meanNanos() / 1e6));
                // The histogram's buckets are coarse (one digit): a p95 never reads above the exact max.
                g.writeNumberField("p95", round(Math.min(r.stats.p95Millis(), r.stats.maxNanos.get() / 1e6)));
                g.writeNumberField("max", round(r.stats.maxNanos.get() / 1e6));
                g.writeNumberField("errors", r.errors);
                g.writeStringField("lastSeen", Instant.ofEpochMilli(r.stats.lastSeenMillis).toString());
                g.writeNumberField("percentOfTotal", sum == 0 ? 0 : round(100.0 * r.totalNanos / sum));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }).header("Cache-Control", "no-store");
    }

    private static Comparator<Row> order(String sort) {
        switch (sort) {
            case "mean":
                return Comparator.comparingDouble(Row::meanNanos).reversed();
            case "calls":
                return Comparator.comparingLong((Row r) -> r.calls).reversed();
            case "errors":
                return Comparator.comparingLong((Row r) -> r.errors).reversed().thenComparing(
                        Comparator.comparingLong((Row r) -> r.totalNanos).reversed());
            default:
                return Comparator.comparingLong((Row r) -> r.totalNanos).reversed();
        }
    }

    /** One statement's figures read once, so sorting and writing agree. */
    private static final class Row {
        final StatementStats stats;
        final long calls;
        final long errors;
        final long totalNanos;

        Row(StatementStats stats) {
            this.stats = stats;
            this.calls = stats.calls.sum();
            this.errors = stats.errors.sum();
            this.totalNanos = stats.totalNanos.sum();
        }

        double meanNanos() {
            return calls == 0 ? 0 : (double) totalNanos / calls;
        }
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : 0;
    }
}

package dev.vitals.agent.database;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.health.CheckState;
import dev.vitals.agent.health.Score;
import dev.vitals.agent.web.EndpointGroup;
import dev.vitals.exporter.Access;
import dev.vitals.exporter.HttpError;
import dev.vitals.exporter.JsonWriter;
import dev.vitals.exporter.HttpExporter;
import dev.vitals.exporter.Request;
import dev.vitals.exporter.Response;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /health/database?window=<ms>&limit=<n>&source=<name>}: for each data source, the pool (active, idle,
 * total, max, waiting), connection wait percentiles, acquisitions per second and timeouts; statements (rate, avg,
 * p95, slowest, the operations with the most time, recent slow queries with literals removed); errors by SQLState;
 * and a 0-100 health score with issues and recommendations ({@link DatabaseScore}), each source written by
 * {@link DataSourceView}. Durations are milliseconds.
 * Windowed figures are as of the last 5-second rotation. Bad parameters give 400.
 *
 * <p>Statement figures are each data source's own: two pools on the same database each show the statements that ran
 * on their connections.
 */
final class DatabaseEndpoint implements EndpointGroup {
    static final long MIN_WINDOW = 1_000;
    static final long MAX_WINDOW = 900_000;
    static final int MAX_LIMIT = 100;

    private final AgentContext context;
    private final DatabaseMetrics metrics;
    private final long defaultWindow;

    DatabaseEndpoint(AgentContext context, DatabaseMetrics metrics) {
        this.context = context;
        this.metrics = metrics;
        this.defaultWindow = context.config().get(Keys.WINDOW);
    }

    @Override
    public void register(HttpExporter.Builder http) {
        http.route("GET", "/health/database", Access.PROTECTED, this::database);
    }

    private Response database(Request request) {
        long window = request.queryLong("window", defaultWindow, MIN_WINDOW, MAX_WINDOW);
        int limit = request.queryInt("limit", 10, 1, MAX_LIMIT);
        String only = request.query("source");
        List<Source> sources = metrics.sources();
        if (only != null && !only.isEmpty()) {
            List<Source> chosen = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (Source s : sources) {
                names.add(s.name);
                if (s.name.equals(only)) {
                    chosen.add(s);
                }
            }
            if (chosen.isEmpty()) {
                throw HttpError.badRequest("query parameter 'source' names no data source; known: " + names);
            }
            sources = chosen;
        }
        return Response.json(figures(sources, window, limit)).header("Cache-Control", "no-store");
    }

    /** The live stream's {@code database} group: the same figures, every data source, the default window. */
    JsonWriter streamGroup() {
        return g -> figures(metrics.sources(), defaultWindow, 5).write(g);
    }

    /** The database part of the service's score: each data source's over the default window; null before any is seen. */
    Score score() {
        List<Source> sources = metrics.sources();
        if (sources.isEmpty()) {
            return null;
        }
        long now = System.currentTimeMillis();
        Map<String, CheckState> checks = checksByName();
        Map<String, Score> parts = new LinkedHashMap<>();
        for (Source s : sources) {
            parts.put(s.name, view(s, defaultWindow, now, 1, checks).score);
        }
        return Score.weakest(parts);
    }

    private Map<String, CheckState> checksByName() {
        Map<String, CheckState> checks = new TreeMap<>();
        for (CheckState c : context.health().checks()) {
            checks.put(c.name(), c);
        }
        return checks;
    }

    /** The figures of {@code sources} as one JSON object, computed now. */
    private JsonWriter figures(List<Source> sources, long window, int limit) {
        long now = System.currentTimeMillis();
        Map<String, CheckState> checks = checksByName();
        List<DataSourceView> views = new ArrayList<>();
        String overall = "healthy";
        for (Source s : sources) {
            DataSourceView v = view(s, window, now, limit, checks);
            views.add(v);
            overall = worse(overall, v.score.status);
        }
        String status = overall;
        return g -> {
            g.writeStartObject();
            g.writeStringField("status", status);
            g.writeStringField("timestamp", Instant.ofEpochMilli(now).toString());
            g.writeNumberField("timeWindow", window);
            g.writeNumberField("slowQueryThreshold", metrics.slowThresholdNanos() / 1e6);
            g.writeArrayFieldStart("dataSources");
            for (DataSourceView v : views) {
                DataSourceView.write(g, v, DataSourceView.Shape.DATABASE);
            }
            g.writeEndArray();
            g.writeEndObject();
        };
    }

    private static String worse(String a, String b) {
        if (a.equals("unhealthy") || b.equals("unhealthy")) {
            return "unhealthy";
        }
        return a.equals("degraded") || b.equals("degraded") ? "degraded" : "healthy";
    }

    private DataSourceView view(Source s, long window, long now, int limit, Map<String, CheckState> checks) {
        return new DataSourceView(s, metrics, window, now, limit, s.checkName == null ? null : checks.get(s.checkName));
    }
}

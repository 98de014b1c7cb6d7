package dev.vitals.agent.database;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.AgentContext;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.health.CheckState;
import dev.vitals.agent.health.Score;
import dev.vitals.agent.web.EndpointGroup;
import dev.vitals.bootstrap.Snapshot;
import dev.vitals.bootstrap.Timer;
import dev.vitals.exporter.Access;
import dev.vitals.exporter.HttpError;
import dev.vitals.exporter.JsonWriter;
import dev.vitals.exporter.HttpExporter;
import dev.vitals.exporter.Request;
import dev.vitals.exporter.Response;
import org.HdrHistogram.Histogram;

import java.io.IOException;
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
 * and a 0-100 health score with issues and recommendations ({@link DatabaseScore}). Durations are milliseconds.
 * Windowed figures are as of the last 5-second rotation. Bad parameters give 400.
 *
 * <p>Statement figures are each data source's own: two pools on the same database each show the statements that ran
 * on their connections.
 */
final class DatabaseEndpoint implements EndpointGroup {
    static final long MIN_WINDOW = 1_000;
    static final long MAX_WINDOW = 900_000;
    static final int MAX_LIMIT = 100;
    static final int TOP_OPERATIONS = 10;

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
            parts.put(s.name, report(s, defaultWindow, now, 1, s.checkName == null ? null : checks.get(s.checkName)).score);
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
        List<Report> reports = new ArrayList<>();
        for (Source s : sources) {
            reports.add(report(s, window, now, limit, s.checkName == null ? null : checks.get(s.checkName)));
        }
        String overall = "healthy";
        for (Report r : reports) {
            overall = worse(overall, r.score.status);
        }
        String status = overall;
        return g -> {
            g.writeStartObject();
            g.writeStringField("status", status);
            g.writeStringField("timestamp", Instant.ofEpochMilli(now).toString());
            g.writeNumberField("timeWindow", window);
            g.writeNumberField("slowQueryThreshold", metrics.slowThresholdNanos() / 1e6);
            g.writeArrayFieldStart("dataSources");
            for (Report r : reports) {
                write(g, r, window);
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

    /** Everything shown for one source, computed before writing. */
    private static final class Report {
        Source source;
        PoolReader.State pool;
        int waiting;
        int[] samples;
        Snapshot wait;
        long timeouts;
        long acquireErrors;
        Snapshot queries;
        Map<String, long[]> errors = new TreeMap<>();
        long failed;
        List<Operation> operations = new ArrayList<>();
        List<SlowQueries.Entry> slow;
        CheckState check;
        Score score;
    }

    private static final class Operation {
        final String operation;
        final String table;
        final Histogram merged = Timer.newHistogram();
        long errors;

        Operation(String operation, String table) {
            this.operation = operation;
            this.table = table;
        }

        String label() {
            return table.isEmpty() || table.equals("unknown") ? operation : operation + " " + table;
        }
    }

    private Report report(Source s, long window, long now, int limit, CheckState check) {
        Report r = new Report();
        r.source = s;
        r.pool = s.poolState();
        r.waiting = s.waitingNow(r.pool);
        r.samples = s.waitingSamples(now - window);
        r.wait = s.wait.window(window, now);
        r.timeouts = s.acquireTimeouts.window(window, now).count();
        r.acquireErrors = s.acquireErrors.window(window, now).count();
        metrics.failures().forEach((labels, timer) -> {
            if (labels[0].equals(s.name)) {
                long inWindow = timer.window(window, now).count();
                r.errors.put(labels[1], new long[] {inWindow, timer.lifetimeCount()});
                r.failed += inWindow;
            }
        });
        Map<String, Operation> byPair = new LinkedHashMap<>();
        metrics.queries().forEach((labels, timer) -> {
            if (labels[0].equals(s.name)) {
                Operation op = byPair.computeIfAbsent(labels[1] + ' ' + labels[2], k -> new Operation(labels[1], labels[2]));
                long before = op.merged.getTotalCount();
                timer.addWindowTo(op.merged, window, now);
                if (labels[3].equals("error")) {
                    op.errors += op.merged.getTotalCount() - before;
                }
            }
        });
        Histogram all = Timer.newHistogram();
        for (Operation op : byPair.values()) {
            if (op.merged.getTotalCount() > 0) {
                r.operations.add(op);
                all.add(op.merged);
            }
        }
        r.queries = Snapshot.of(all, window);
        r.operations.sort((a, b) -> Double.compare(b.merged.getMean() * b.merged.getTotalCount(),
                a.merged.getMean() * a.merged.getTotalCount()));
        if (r.queries == null) {
            r.queries = Snapshot.of(Timer.newHistogram(), window);
        }
        r.slow = metrics.slow().recent(s.name, now - window, limit);
        r.check = check;

        DatabaseScore.Inputs in = new DatabaseScore.Inputs();
        if (check != null) {
            in.checkStatus = check.status().label();
            in.checkMessage = check.result().message();
        }
        if (r.pool != null) {
            in.active = r.pool.active;
            in.max = r.pool.max;
        }
        in.waitingNow = r.waiting;
        in.samples = r.samples[0];
        in.samplesWaiting = r.samples[1];
        in.waitP95Ms = r.wait.p95();
        in.timeouts = r.timeouts;
        in.acquireErrors = r.acquireErrors;
        in.statements = r.queries.count();
        in.failedStatements = r.failed;
        long topErrors = 0;
        for (Map.Entry<String, long[]> e : r.errors.entrySet()) {
            if (e.getValue()[0] > topErrors) {
                topErrors = e.getValue()[0];
                in.topErrorType = e.getKey();
            }
        }
        double worst = 0;
        for (Operation op : r.operations) {
            if (!isData(op.operation)) {
                continue;
            }
            double p95 = op.merged.getValueAtPercentile(95) / 1000.0;
            if (p95 > worst) {
                worst = p95;
                in.slowestOperation = op.label();
            }
        }
        in.slowestOperationP95Ms = worst;
        in.slowThresholdMs = metrics.slowThresholdNanos() / 1e6;
        r.score = DatabaseScore.of(in);
        return r;
    }

    private static boolean isData(String operation) {
        switch (operation) {
            case "SELECT":
            case "INSERT":
            case "UPDATE":
            case "DELETE":
            case "MERGE":
            case "CALL":
                return true;
            default:
                return false;
        }
    }

    private void write(JsonGenerator g, Report r, long window) throws IOException {
        Source s = r.source;
        JdbcUrl url = s.url;
        double seconds = window / 1000.0;
        g.writeStartObject();
        g.writeStringField("name", s.name);
        g.writeStringField("type", s.kind);
        g.writeStringField("system", url == null ? "unknown" : url.system);
        g.writeStringField("server", url == null ? "" : url.server);
        g.writeStringField("namespace", url == null ? "" : url.namespace);
        g.writeStringField("url", url == null ? "" : url.redacted);
        if (r.check != null) {
            g.writeStringField("check", r.check.name());
            g.writeBooleanField("healthy", r.check.status().label().equals("healthy"));
            g.writeStringField("connectionStatus", r.check.status().label().equals("unhealthy") ? "disconnected" : "connected");
        }

        g.writeObjectFieldStart("pool");
        if (r.pool != null) {
            g.writeNumberField("active", r.pool.active);
            g.writeNumberField("idle", r.pool.idle);
            g.writeNumberField("total", r.pool.total);
            g.writeNumberField("max", r.pool.max);
            g.writeNumberField("utilization", r.pool.max > 0 ? round(100.0 * r.pool.active / r.pool.max) : 0);
        }
        g.writeNumberField("waiting", r.waiting);
        g.writeNumberField("peakWaiting", Math.max(r.samples[2], r.waiting));
        g.writeNumberField("waitingSamplesPercent", r.samples[0] == 0 ? 0 : round(100.0 * r.samples[1] / r.samples[0]));
        g.writeEndObject();

        g.writeObjectFieldStart("connections");
        g.writeNumberField("acquisitions", r.wait.count());
        g.writeNumberField("acquisitionsPerSecond", round2(r.wait.count() / seconds));
        g.writeNumberField("avgWaitTime", round(r.wait.meanMillis()));
        g.writeNumberField("p50WaitTime", round(r.wait.p50()));
        g.writeNumberField("p95WaitTime", round(r.wait.p95()));
        g.writeNumberField("p99WaitTime", round(r.wait.p99()));
        g.writeNumberField("maxWaitTime", round(r.wait.maxMillis()));
        g.writeNumberField("timeouts", r.timeouts);
        g.writeNumberField("timeoutsTotal", s.timeoutsTotal.sum());
        g.writeNumberField("connectionErrors", r.acquireErrors);
        g.writeEndObject();

        g.writeObjectFieldStart("queries");
        g.writeNumberField("totalQueries", r.queries.count());
        g.writeNumberField("queriesPerSecond", round2(r.queries.count() / seconds));
        g.writeNumberField("averageQueryTime", round(r.queries.meanMillis()));
        g.writeNumberField("p95QueryTime", round(r.queries.p95()));
        g.writeNumberField("slowestQuery", round(r.queries.maxMillis()));
        g.writeNumberField("errors", r.failed);
        g.writeNumberField("errorRate", r.queries.count() == 0 ? 0 : round(100.0 * r.failed / r.queries.count()));
        g.writeArrayFieldStart("operations");
        for (int i = 0; i < r.operations.size() && i < TOP_OPERATIONS; i++) {
            Operation op = r.operations.get(i);
            g.writeStartObject();
            g.writeStringField("operation", op.operation);
            g.writeStringField("table", op.table);
            g.writeNumberField("count", op.merged.getTotalCount());
            g.writeNumberField("errors", op.errors);
            g.writeNumberField("avg", round(op.merged.getMean() / 1000.0));
            g.writeNumberField("p95", round(op.merged.getValueAtPercentile(95) / 1000.0));
            g.writeNumberField("max", round(op.merged.getMaxValue() / 1000.0));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();

        g.writeArrayFieldStart("recentSlowQueries");
        for (SlowQueries.Entry e : r.slow) {
            g.writeStartObject();
            g.writeStringField("query", e.sanitized);
            g.writeStringField("operation", e.operation);
            g.writeStringField("table", e.table);
            g.writeNumberField("duration", round(e.durationNanos / 1e6));
            g.writeStringField("timestamp", Instant.ofEpochMilli(e.timestampMillis).toString());
            if (e.error != null) {
                g.writeStringField("error", e.error);
            }
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeObjectFieldStart("errors");
        g.writeNumberField("total", r.failed);
        g.writeObjectFieldStart("bySqlState");
        for (Map.Entry<String, long[]> e : r.errors.entrySet()) {
            if (e.getValue()[0] > 0) {
                g.writeNumberField(e.getKey(), e.getValue()[0]);
            }
        }
        g.writeEndObject();
        g.writeObjectFieldStart("bySqlStateTotal");
        for (Map.Entry<String, long[]> e : r.errors.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue()[1]);
        }
        g.writeEndObject();
        g.writeEndObject();

        r.score.write(g, "health");
        g.writeEndObject();
    }

    private static double round2(double v) {
        return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : 0;
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 10) / 10.0 : 0;
    }
}

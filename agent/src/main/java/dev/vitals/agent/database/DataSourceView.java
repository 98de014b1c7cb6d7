package dev.vitals.agent.database;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.health.CheckState;
import dev.vitals.agent.health.Score;
import dev.vitals.agent.metrics.Snapshot;
import dev.vitals.agent.metrics.Timer;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One data source as responses show it: {@code /health/database} and the live stream's {@code database} group (the
 * window's pool, connection, statement and error figures with the source's score), and its health check's details
 * (the pool as the check found it). Read from the store once, when built; {@link #write} is the one writer, each
 * place choosing a {@link Shape}. Durations are milliseconds.
 *
 * <p>Immutable.
 */
final class DataSourceView {
    static final int TOP_OPERATIONS = 10;

    /** The fields a data source can show. */
    enum Field {
        NAME, DATA_SOURCE, TYPE, POOL_TYPE,
        /** system, server, namespace and the redacted URL; {@code unknown} and empty when no URL is known. */
        LOCATION,
        /** The same fields, left out when no URL is known. */
        LOCATION_IF_KNOWN,
        /** The health check's name and what it last said, when the source has one. */
        CHECK,
        /** The pool over the window: sizes, utilization and waiting clients. */
        POOL,
        /** The pool's sizes and waiting clients now, when it is a readable pool. */
        POOL_NOW,
        CONNECTIONS, QUERIES, RECENT_SLOW_QUERIES, ERRORS, HEALTH
    }

    /** Where a data source is shown. */
    enum Shape {
        /** {@code /health/database}'s {@code dataSources[]} and the live stream's. */
        DATABASE(Field.NAME, Field.TYPE, Field.LOCATION, Field.CHECK, Field.POOL, Field.CONNECTIONS, Field.QUERIES,
                Field.RECENT_SLOW_QUERIES, Field.ERRORS, Field.HEALTH),
        /** The fields the source's health check adds to its entry in {@code /health}. */
        CHECK(Field.DATA_SOURCE, Field.POOL_TYPE, Field.LOCATION_IF_KNOWN, Field.POOL_NOW);

        private final Field[] fields;

        Shape(Field... fields) {
            this.fields = fields;
        }
    }

    /** One operation on one table over the window, in milliseconds. */
    static final class Operation {
        final String operation;
        final String table;
        final long count;
        final long errors;
        final double avg;
        final double p95;
        final double max;
        /** Time spent in the window, for ordering (microseconds, as recorded). */
        final double total;

        Operation(String operation, String table, Histogram merged, long errors) {
            this.operation = operation;
            this.table = table;
            this.count = merged.getTotalCount();
            this.errors = errors;
            this.avg = merged.getMean() / 1000.0;
            this.p95 = merged.getValueAtPercentile(95) / 1000.0;
            this.max = merged.getMaxValue() / 1000.0;
            this.total = merged.getMean() * merged.getTotalCount();
        }

        String label() {
            return table.isEmpty() || table.equals("unknown") ? operation : operation + " " + table;
        }
    }

    /** An operation's statements while they are merged. */
    private static final class Merge {
        final String operation;
        final String table;
        final Histogram histogram = Timer.newHistogram();
        long errors;

        Merge(String operation, String table) {
            this.operation = operation;
            this.table = table;
        }
    }

    final String name;
    final String kind;
    /** Null when no URL is known. */
    final JdbcUrl url;
    /** The source's health check, or null. */
    final CheckState check;
    /** Null when this is no readable pool. */
    final PoolReader.State pool;
    final int waiting;

    // The window's figures; absent (null, 0) in a check's view.
    final long windowMillis;
    /** {samples in the window, samples with a client waiting, highest waiting count}. */
    final int[] samples;
    final Snapshot wait;
    final long timeouts;
    final long timeoutsTotal;
    final long acquireErrors;
    final Snapshot queries;
    final long failed;
    /** Busiest first (the most time spent). */
    final List<Operation> operations;
    final List<SlowQueries.Entry> slow;
    /** Failed statements per SQLState: {in the window, since start}. */
    final Map<String, long[]> errors;
    final Score score;

    /** The pool as a health check found it. */
    DataSourceView(Source s, PoolReader.State pool, int waiting) {
        this.name = s.name;
        this.kind = s.kind;
        this.url = s.url;
        this.check = null;
        this.pool = pool;
        this.waiting = waiting;
        this.windowMillis = 0;
        this.samples = new int[3];
        this.wait = null;
        this.timeouts = 0;
        this.timeoutsTotal = 0;
        this.acquireErrors = 0;
        this.queries = null;
        this.failed = 0;
        this.operations = List.of();
        this.slow = List.of();
        this.errors = Map.of();
        this.score = null;
    }

    /**
     * Everything {@code /health/database} shows of {@code s} over the window ending {@code now}.
     *
     * @param limit how many recent slow statements
     * @param check the source's health check, or null
     */
    DataSourceView(Source s, DatabaseMetrics metrics, long window, long now, int limit, CheckState check) {
        this.name = s.name;
        this.kind = s.kind;
        this.url = s.url;
        this.check = check;
        this.pool = s.poolState();
        this.waiting = s.waitingNow(pool);
        this.windowMillis = window;
        this.samples = s.waitingSamples(now - window);
        this.wait = s.wait.window(window, now);
        this.timeouts = s.acquireTimeouts.window(window, now).count();
        this.timeoutsTotal = s.timeoutsTotal.sum();
        this.acquireErrors = s.acquireErrors.window(window, now).count();

        Map<String, long[]> byState = new TreeMap<>();
        long[] failedInWindow = new long[1];
        metrics.failures().forEach((labels, timer) -> {
            if (labels[0].equals(s.name)) {
                long inWindow = timer.window(window, now).count();
                byState.put(labels[1], new long[] {inWindow, timer.lifetimeCount()});
                failedInWindow[0] += inWindow;
            }
        });
        this.errors = Collections.unmodifiableMap(byState);
        this.failed = failedInWindow[0];

        // One histogram per (operation, table), merged over the status label.
        Map<String, Merge> merged = new LinkedHashMap<>();
        metrics.queries().forEach((labels, timer) -> {
            if (labels[0].equals(s.name)) {
                Merge m = merged.computeIfAbsent(labels[1] + ' ' + labels[2], k -> new Merge(labels[1], labels[2]));
                long before = m.histogram.getTotalCount();
                timer.addWindowTo(m.histogram, window, now);
                if (labels[3].equals("error")) {
                    m.errors += m.histogram.getTotalCount() - before;
                }
            }
        });
        Histogram all = Timer.newHistogram();
        List<Operation> ops = new ArrayList<>();
        for (Merge m : merged.values()) {
            if (m.histogram.getTotalCount() > 0) {
                ops.add(new Operation(m.operation, m.table, m.histogram, m.errors));
                all.add(m.histogram);
            }
        }
        ops.sort((a, b) -> Double.compare(b.total, a.total));
        this.operations = Collections.unmodifiableList(ops);
        Snapshot q = Snapshot.of(all, window);
        this.queries = q == null ? Snapshot.of(Timer.newHistogram(), window) : q;
        this.slow = metrics.slow().recent(s.name, now - window, limit);
        this.score = DatabaseScore.of(scoreInputs(metrics.slowThresholdNanos() / 1e6));
    }

    private DatabaseScore.Inputs scoreInputs(double slowThresholdMs) {
        DatabaseScore.Inputs in = new DatabaseScore.Inputs();
        if (check != null) {
            in.checkStatus = check.status().label();
            in.checkMessage = check.result().message();
        }
        if (pool != null) {
            in.active = pool.active;
            in.max = pool.max;
        }
        in.waitingNow = waiting;
        in.samples = samples[0];
        in.samplesWaiting = samples[1];
        in.waitP95Ms = wait.p95();
        in.timeouts = timeouts;
        in.acquireErrors = acquireErrors;
        in.statements = queries.count();
        in.failedStatements = failed;
        long topErrors = 0;
        for (Map.Entry<String, long[]> e : errors.entrySet()) {
            if (e.getValue()[0] > topErrors) {
                topErrors = e.getValue()[0];
                in.topErrorType = e.getKey();
            }
        }
        double worst = 0;
        for (Operation op : operations) {
            if (isData(op.operation) && op.p95 > worst) {
                worst = op.p95;
                in.slowestOperation = op.label();
            }
        }
        in.slowestOperationP95Ms = worst;
        in.slowThresholdMs = slowThresholdMs;
        return in;
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

    // ---- JSON ----

    /** Writes {@code v} as one JSON object of the given shape. */
    static void write(JsonGenerator g, DataSourceView v, Shape shape) throws IOException {
        g.writeStartObject();
        writeFields(g, v, shape);
        g.writeEndObject();
    }

    /** Writes the fields of {@code v} into the object being written (a health check's entry). */
    static void writeFields(JsonGenerator g, DataSourceView v, Shape shape) throws IOException {
        for (Field field : shape.fields) {
            field(g, v, field);
        }
    }

    private static void field(JsonGenerator g, DataSourceView v, Field field) throws IOException {
        switch (field) {
            case NAME:
                g.writeStringField("name", v.name);
                break;
            case DATA_SOURCE:
                g.writeStringField("dataSource", v.name);
                break;
            case TYPE:
                g.writeStringField("type", v.kind);
                break;
            case POOL_TYPE:
                g.writeStringField("poolType", v.kind);
                break;
            case LOCATION:
                g.writeStringField("system", v.url == null ? "unknown" : v.url.system);
                g.writeStringField("server", v.url == null ? "" : v.url.server);
                g.writeStringField("namespace", v.url == null ? "" : v.url.namespace);
                g.writeStringField("url", v.url == null ? "" : v.url.redacted);
                break;
            case LOCATION_IF_KNOWN:
                if (v.url != null) {
                    g.writeStringField("system", v.url.system);
                    g.writeStringField("server", v.url.server);
                    g.writeStringField("namespace", v.url.namespace);
                    g.writeStringField("url", v.url.redacted);
                }
                break;
            case CHECK:
                if (v.check != null) {
                    String status = v.check.status().label();
                    g.writeStringField("check", v.check.name());
                    g.writeBooleanField("healthy", status.equals("healthy"));
                    g.writeStringField("connectionStatus", status.equals("unhealthy") ? "disconnected" : "connected");
                }
                break;
            case POOL:
                pool(g, v);
                break;
            case POOL_NOW:
                if (v.pool != null) {
                    g.writeObjectFieldStart("pool");
                    poolSizes(g, v.pool);
                    g.writeNumberField("waiting", v.waiting);
                    g.writeEndObject();
                }
                break;
            case CONNECTIONS:
                connections(g, v);
                break;
            case QUERIES:
                queries(g, v);
                break;
            case RECENT_SLOW_QUERIES:
                slowQueries(g, v.slow);
                break;
            case ERRORS:
                errors(g, v);
                break;
            default:
                v.score.write(g, "health");
                break;
        }
    }

    private static void poolSizes(JsonGenerator g, PoolReader.State pool) throws IOException {
        g.writeNumberField("active", pool.active);
        g.writeNumberField("idle", pool.idle);
        g.writeNumberField("total", pool.total);
        g.writeNumberField("max", pool.max);
    }

    private static void pool(JsonGenerator g, DataSourceView v) throws IOException {
        g.writeObjectFieldStart("pool");
        if (v.pool != null) {
            poolSizes(g, v.pool);
            g.writeNumberField("utilization", v.pool.max > 0 ? round(100.0 * v.pool.active / v.pool.max) : 0);
        }
        g.writeNumberField("waiting", v.waiting);
        g.writeNumberField("peakWaiting", Math.max(v.samples[2], v.waiting));
        g.writeNumberField("waitingSamplesPercent", v.samples[0] == 0 ? 0 : round(100.0 * v.samples[1] / v.samples[0]));
        g.writeEndObject();
    }

    private static void connections(JsonGenerator g, DataSourceView v) throws IOException {
        Snapshot w = v.wait;
        g.writeObjectFieldStart("connections");
        g.writeNumberField("acquisitions", w.count());
        g.writeNumberField("acquisitionsPerSecond", round2(w.count() / (v.windowMillis / 1000.0)));
        g.writeNumberField("avgWaitTime", round(w.meanMillis()));
        g.writeNumberField("p50WaitTime", round(w.p50()));
        g.writeNumberField("p95WaitTime", round(w.p95()));
        g.writeNumberField("p99WaitTime", round(w.p99()));
        g.writeNumberField("maxWaitTime", round(w.maxMillis()));
        g.writeNumberField("timeouts", v.timeouts);
        g.writeNumberField("timeoutsTotal", v.timeoutsTotal);
        g.writeNumberField("connectionErrors", v.acquireErrors);
        g.writeEndObject();
    }

    private static void queries(JsonGenerator g, DataSourceView v) throws IOException {
        Snapshot q = v.queries;
        g.writeObjectFieldStart("queries");
        g.writeNumberField("totalQueries", q.count());
        g.writeNumberField("queriesPerSecond", round2(q.count() / (v.windowMillis / 1000.0)));
        g.writeNumberField("averageQueryTime", round(q.meanMillis()));
        g.writeNumberField("p95QueryTime", round(q.p95()));
        g.writeNumberField("slowestQuery", round(q.maxMillis()));
        g.writeNumberField("errors", v.failed);
        g.writeNumberField("errorRate", q.count() == 0 ? 0 : round(100.0 * v.failed / q.count()));
        g.writeArrayFieldStart("operations");
        for (int i = 0; i < v.operations.size() && i < TOP_OPERATIONS; i++) {
            Operation op = v.operations.get(i);
            g.writeStartObject();
            g.writeStringField("operation", op.operation);
            g.writeStringField("table", op.table);
            g.writeNumberField("count", op.count);
            g.writeNumberField("errors", op.errors);
            g.writeNumberField("avg", round(op.avg));
            g.writeNumberField("p95", round(op.p95));
            g.writeNumberField("max", round(op.max));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void slowQueries(JsonGenerator g, List<SlowQueries.Entry> slow) throws IOException {
        g.writeArrayFieldStart("recentSlowQueries");
        for (SlowQueries.Entry e : slow) {
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
    }

    private static void errors(JsonGenerator g, DataSourceView v) throws IOException {
        g.writeObjectFieldStart("errors");
        g.writeNumberField("total", v.failed);
        g.writeObjectFieldStart("bySqlState");
        for (Map.Entry<String, long[]> e : v.errors.entrySet()) {
            if (e.getValue()[0] > 0) {
                g.writeNumberField(e.getKey(), e.getValue()[0]);
            }
        }
        g.writeEndObject();
        g.writeObjectFieldStart("bySqlStateTotal");
        for (Map.Entry<String, long[]> e : v.errors.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue()[1]);
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static double round2(double v) {
        return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : 0;
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 10) / 10.0 : 0;
    }
}

package dev.vitals.agent.database;

import dev.vitals.agent.alerts.JsonTree;
import dev.vitals.agent.health.CheckResult;
import dev.vitals.agent.metrics.MetricRegistry;
import dev.vitals.agent.metrics.WindowConfig;
import dev.vitals.exporter.Json;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fields of a data source in {@code /health/database} (and the live stream, which writes the same) and in its
 * health check's entry, built from a recorder that saw real calls (plain objects stand in for JDBC objects).
 */
class DataSourceViewTest {
    private static final long WINDOW = 60_000;

    private static List<Object> keys(Object m) {
        return new ArrayList<>(((Map<?, ?>) m).keySet());
    }

    private static DatabaseMetrics metrics() {
        return new DatabaseMetrics(new MetricRegistry(WindowConfig.DEFAULT), 200, 500, 2_000, 100, 50, null);
    }

    /** The source of a data source that handed out one connection. */
    private static Source pooled(DatabaseMetrics m) {
        Object dataSource = new Object();
        m.acquiring(dataSource);
        m.acquired(dataSource, new Object(), System.nanoTime(), null);
        return m.sources().get(0);
    }

    private static Map<?, ?> write(DataSourceView v, DataSourceView.Shape shape) throws Exception {
        return (Map<?, ?>) JsonTree.parse(Json.toBytes(g -> DataSourceView.write(g, v, shape)));
    }

    @Test
    void databaseShapeHasEverySection() throws Exception {
        MetricRegistry registry = new MetricRegistry(WindowConfig.DEFAULT);
        DatabaseMetrics m = new DatabaseMetrics(registry, 200, 500, 2_000, 100, 50, null);
        Object dataSource = new Object();
        Object connection = new Object();
        Object statement = new Object();
        m.acquiring(dataSource);
        m.acquired(dataSource, connection, System.nanoTime(), null);
        m.prepared(connection, statement, "SELECT * FROM owners WHERE id = 7");
        for (int i = 0; i < 3; i++) {
            m.executed(statement, null, System.nanoTime(), null);
        }
        m.executed(statement, null, System.nanoTime(), new SQLException("boom", "40001"));
        long now = System.currentTimeMillis();
        registry.rotateAll(now);
        Source s = m.sources().get(0);

        Map<?, ?> v = write(new DataSourceView(s, m, WINDOW, now, 10, null), DataSourceView.Shape.DATABASE);

        assertEquals(List.of("name", "type", "system", "server", "namespace", "url", "pool", "connections", "queries",
                "recentSlowQueries", "errors", "health"), keys(v));
        assertEquals(s.name, v.get("name"));
        assertEquals("other_sql", v.get("system"), "a connection that is no java.sql one: an unknown database");
        assertEquals(List.of("waiting", "peakWaiting", "waitingSamplesPercent"), keys(v.get("pool")),
                "no readable pool: no sizes");
        Map<?, ?> connections = (Map<?, ?>) v.get("connections");
        assertEquals(List.of("acquisitions", "acquisitionsPerSecond", "avgWaitTime", "p50WaitTime", "p95WaitTime",
                "p99WaitTime", "maxWaitTime", "timeouts", "timeoutsTotal", "connectionErrors"), keys(connections));
        assertEquals(1.0, connections.get("acquisitions"));
        Map<?, ?> queries = (Map<?, ?>) v.get("queries");
        assertEquals(List.of("totalQueries", "queriesPerSecond", "averageQueryTime", "p95QueryTime", "slowestQuery",
                "errors", "errorRate", "operations"), keys(queries));
        assertEquals(4.0, queries.get("totalQueries"));
        assertEquals(1.0, queries.get("errors"));
        assertEquals(25.0, queries.get("errorRate"));
        List<?> operations = (List<?>) queries.get("operations");
        assertEquals(1, operations.size(), "one operation on one table, whatever the outcome");
        Map<?, ?> select = (Map<?, ?>) operations.get(0);
        assertEquals(List.of("operation", "table", "count", "errors", "avg", "p95", "max"), keys(select));
        assertEquals("SELECT", select.get("operation"));
        assertEquals("owners", select.get("table"));
        assertEquals(4.0, select.get("count"));
        assertEquals(1.0, select.get("errors"));
        Map<?, ?> errors = (Map<?, ?>) v.get("errors");
        assertEquals(1.0, errors.get("total"));
        assertEquals(Map.of("40001", 1.0), errors.get("bySqlState"));
        assertEquals(Map.of("40001", 1.0), errors.get("bySqlStateTotal"));
        assertTrue(((Map<?, ?>) v.get("health")).containsKey("score"));
    }

    @Test
    void databaseShapeShowsTheCheckAndThePoolWhenThereAreSome() throws Exception {
        DatabaseMetrics m = metrics();
        Source s = pooled(m);
        s.url = JdbcUrl.parse("jdbc:postgresql://app:secret@127.0.0.1:5432/shop");
        DataSourceView view = new DataSourceView(s, new PoolReader.State(3, 1, 4, 4, 2), 2);

        Map<?, ?> v = write(view, DataSourceView.Shape.CHECK);
        assertEquals(List.of("dataSource", "poolType", "system", "server", "namespace", "url", "pool"), keys(v));
        assertEquals("postgresql", v.get("system"));
        assertEquals("shop", v.get("namespace"));
        assertTrue(!((String) v.get("url")).contains("secret"), "the password never leaves: " + v.get("url"));
        assertEquals(Map.of("active", 3.0, "idle", 1.0, "total", 4.0, "max", 4.0, "waiting", 2.0), v.get("pool"));
        assertEquals(List.of("active", "idle", "total", "max", "waiting"), keys(v.get("pool")));
    }

    @Test
    void checkShapeLeavesOutWhatIsNotKnown() throws Exception {
        DatabaseMetrics m = metrics();
        Source s = pooled(m);
        s.url = null;
        Map<?, ?> v = write(new DataSourceView(s, null, 0), DataSourceView.Shape.CHECK);
        assertEquals(List.of("dataSource", "poolType"), keys(v));
        s.url = null;
        Map<?, ?> full = write(new DataSourceView(s, m, WINDOW, System.currentTimeMillis(), 10, null),
                DataSourceView.Shape.DATABASE);
        assertEquals("unknown", full.get("system"), "the endpoint says what it does not know");
        assertEquals("", full.get("url"));
    }

    @Test
    void checkFieldsFollowTheCheckEntryAsTheHealthEndpointWritesIt() throws Exception {
        Source s = pooled(metrics());
        s.url = null;
        DataSourceView view = new DataSourceView(s, new PoolReader.State(1, 0, 1, 5, 0), 0);
        CheckResult result = CheckResult.healthy("ok")
                .detail("before", 1)
                .fields(g -> DataSourceView.writeFields(g, view, DataSourceView.Shape.CHECK));
        Map<?, ?> entry = (Map<?, ?>) JsonTree.parse(Json.toBytes(g -> {
            g.writeStartObject();
            g.writeStringField("status", "healthy");
            result.writeDetails(g);
            g.writeEndObject();
        }));
        assertEquals(List.of("status", "before", "dataSource", "poolType", "pool"), keys(entry));
    }
}

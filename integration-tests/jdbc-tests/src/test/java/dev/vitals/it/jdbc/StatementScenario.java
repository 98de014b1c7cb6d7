package dev.vitals.it.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.HttpResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The statement scenario every driver and pool runs: exact counts by operation and table through the pool's proxies
 * (no double counting), SQLState of a failed statement, sanitised slow queries with no planted literal anywhere,
 * the pool in {@code /health/database} and {@code /metrics}, the database check, the per-request breakdown in
 * {@code /health/slow}, and promtool.
 */
abstract class StatementScenario {
    /** JDBC URL, user, password. */
    abstract String[] connection();

    /** {@code hikari}, {@code dbcp2} or {@code tomcat}. */
    abstract String pool();

    /** The name Vitals gives the pool. */
    abstract String poolName();

    abstract String system();

    abstract String namespace();

    /** The SQLState of selecting from a table that does not exist. */
    abstract String missingTableState();

    /** Skips (or under CI fails) when the database is not there. */
    abstract void requireDatabase();

    String table() {
        return "jdbcit_items_" + pool().replace('-', '_');
    }

    @Test
    void statementsPoolAndEndpoints() throws Exception {
        requireDatabase();
        String[] c = connection();
        try (JdbcTestSupport.App app = JdbcTestSupport.start(c[0], c[1], c[2], pool(), 4, 5_000)) {
            String table = table();
            assertEquals(200, app.app("/setup?table=" + table).status());
            assertEquals("10", app.app("/work?table=" + table + "&n=10").body());
            assertEquals("10", app.app("/work?table=" + table + "&n=10").body());
            HttpResult missing = app.app("/missing");
            assertEquals(missingTableState(), missing.body(), "the driver's SQLState for a missing table");
            assertEquals(200, app.app("/secret?table=" + table).status());
            assertEquals(200, app.app("/slowreq?table=" + table).status());

            // Exact counts through the pool's proxy statements: a double-counted execution would show here.
            Map<String, String> base = Map.of("db_system_name", system(), "db_namespace", namespace(),
                    "db_collection_name", table, "error_type", "none");
            String count = "db_client_operation_duration_seconds_count";
            // Pool figures rotate on the database task's 5 s slices, statement series on the registry's.
            JdbcTestSupport.await(Duration.ofSeconds(20), () -> {
                String m = app.metrics();
                return JdbcTestSupport.sample(m, count, with(base, "db_operation_name", "INSERT")) == 20
                        && JdbcTestSupport.sample(m, count, with(base, "db_operation_name", "SELECT")) >= 24
                        && JdbcTestSupport.sample(m, count, Map.of("db_collection_name", "jdbcit_missing_table")) >= 1
                        && JdbcTestSupport.sample(m, "db_client_connection_wait_time_seconds_count",
                                Map.of("pool_name", poolName())) >= 6;
            }, app::metrics);
            String metrics = app.metrics();
            assertEquals(20, JdbcTestSupport.sample(metrics, count, with(base, "db_operation_name", "INSERT")), metrics);
            // 2 x (10 by id + 1 count) + 2 from /secret (the slow plain statement and the prepared one).
            assertEquals(24, JdbcTestSupport.sample(metrics, count, with(base, "db_operation_name", "SELECT")), metrics);
            assertEquals(2, JdbcTestSupport.sample(metrics, count, with(base, "db_operation_name", "UPDATE")), metrics);
            assertEquals(2, JdbcTestSupport.sample(metrics, count, with(base, "db_operation_name", "DELETE")), metrics);
            assertEquals(1, JdbcTestSupport.sample(metrics, count, Map.of("db_system_name", system(),
                    "db_operation_name", "SELECT", "db_collection_name", "jdbcit_no_such_table",
                    "error_type", missingTableState())), metrics);
            assertEquals(1, JdbcTestSupport.sample(metrics, count, Map.of("db_system_name", system(),
                    "db_collection_name", "jdbcit_missing_table", "error_type", missingTableState())), metrics);
            assertTrue(JdbcTestSupport.sample(metrics, "db_client_connection_wait_time_seconds_count",
                    Map.of("pool_name", poolName())) >= 6, metrics);
            assertEquals(4, JdbcTestSupport.sample(metrics, "db_client_connection_max", Map.of("pool_name", poolName())), metrics);
            assertTrue(JdbcTestSupport.sample(metrics, "db_client_connections_usage",
                    Map.of("pool_name", poolName(), "state", "idle")) >= 0, metrics);
            assertTrue(JdbcTestSupport.sample(metrics, "db_client_connection_pending_requests",
                    Map.of("pool_name", poolName())) >= 0, metrics);
            JdbcTestSupport.assertPromtoolPasses(metrics, "db_client_");

            // /health/database: the pool, the statements, errors by SQLState, the slow query without literals.
            JdbcTestSupport.await(Duration.ofSeconds(20),
                    () -> app.dataSource(poolName()).path("recentSlowQueries").size() >= 3
                            && app.dataSource(poolName()).path("queries").path("totalQueries").asLong() >= 54,
                    () -> app.database().toString());
            JsonNode ds = app.dataSource(poolName());
            assertEquals(system(), ds.path("system").asText(), ds.toString());
            assertEquals(namespace(), ds.path("namespace").asText(), ds.toString());
            assertEquals(4, ds.path("pool").path("max").asInt(), ds.toString());
            assertTrue(ds.path("pool").has("active") && ds.path("pool").has("idle") && ds.path("pool").has("waiting"), ds.toString());
            assertTrue(ds.path("connections").path("acquisitions").asLong() >= 6, ds.toString());
            assertTrue(ds.path("queries").path("totalQueries").asLong() >= 54, ds.toString());
            assertTrue(ds.path("queries").path("slowestQuery").asDouble() >= 250, ds.toString());
            assertEquals(2, ds.path("errors").path("bySqlState").path(missingTableState()).asInt(), ds.toString());
            int score = ds.path("health").path("score").asInt(-1);
            assertTrue(score >= 0 && score <= 100, ds.toString());
            boolean sanitisedSlow = false;
            for (JsonNode q : ds.path("recentSlowQueries")) {
                String query = q.path("query").asText();
                if (query.contains("FROM " + table + " WHERE name = ? AND qty = ?")) {
                    sanitisedSlow = true;
                    assertEquals("SELECT", q.path("operation").asText(), q.toString());
                    assertEquals(table, q.path("table").asText(), q.toString());
                }
            }
            assertTrue(sanitisedSlow, "the slow plain statement, sanitised, in " + ds.path("recentSlowQueries"));

            // The database check, registered from the application's own pool.
            JdbcTestSupport.await(Duration.ofSeconds(20), () -> "healthy".equals(
                    app.agent("/health").json().path("checks").path("database").path("status").asText()),
                    () -> app.agent("/health").body());
            JsonNode check = app.agent("/health").json().path("checks").path("database");
            assertTrue(check.path("critical").asBoolean(), check.toString());
            assertEquals(poolName(), check.path("dataSource").asText(), check.toString());
            JsonNode draft = app.process().get("/health", Map.of("Accept", "application/health+json")).json();
            assertEquals("datastore", draft.path("checks").path("database:responseTime").path(0).path("componentType").asText(),
                    draft.toString());

            // Per-request breakdown: /slowreq spent two statements of 300 ms in the database.
            JdbcTestSupport.await(Duration.ofSeconds(10), () -> slowRequest(app) != null, () -> app.agent("/health/slow").body());
            JsonNode slow = slowRequest(app);
            assertEquals(2, slow.path("breakdown").path("database").path("count").asInt(), slow.toString());
            assertTrue(slow.path("breakdown").path("database").path("timeMs").asDouble() >= 550, slow.toString());

            // No planted literal anywhere Vitals answers.
            for (String path : new String[] {"/metrics", "/health/database", "/health/slow", "/health", "/health/detailed",
                    "/health/dashboard", "/health/status"}) {
                String body = app.agent(path).body();
                assertFalse(body.contains(DbApp.PLANTED_STRING), path + " leaks the planted string:\n" + body);
                assertFalse(body.contains(DbApp.PLANTED_NUMBER), path + " leaks the planted number:\n" + body);
                assertFalse(body.contains("secret-password"), path + " leaks the password:\n" + body);
            }

            // Bad parameters are 400 with a JSON error.
            HttpResult bad = app.agent("/health/database?window=abc");
            assertEquals(400, bad.status(), bad.body());
            assertTrue(bad.json().has("error") && bad.json().has("detail"), bad.body());
            assertEquals(400, app.agent("/health/database?limit=0").status());
            assertEquals(400, app.agent("/health/database?source=nope").status());
        }
    }

    private static JsonNode slowRequest(JdbcTestSupport.App app) {
        for (JsonNode r : app.agent("/health/slow").json().path("requests")) {
            if (r.path("path").asText().startsWith("/slowreq")) {
                return r;
            }
        }
        return null;
    }

    static Map<String, String> with(Map<String, String> base, String key, String value) {
        java.util.HashMap<String, String> m = new java.util.HashMap<>(base);
        m.put(key, value);
        return m;
    }
}

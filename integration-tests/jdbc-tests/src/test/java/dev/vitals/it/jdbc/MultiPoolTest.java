package dev.vitals.it.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Http;
import dev.vitals.it.HttpResult;
import dev.vitals.it.Services;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Four pools on one PostgreSQL URL and user, in one child JVM ({@link MultiPoolApp}): Tomcat's bundled DBCP2, Tomcat
 * JDBC and HikariCP with no name, and c3p0 named {@code orders}.
 * <ul>
 *   <li>Stable names, the same in three runs of the JVM: the configured name, else one derived from URL and user,
 *       with {@code #2}, {@code #3} for the pools that share it, in the order they were first used; never Tomcat
 *       JDBC's {@code Tomcat Connection Pool[n-hash]} nor Hikari's {@code HikariPool-n}.</li>
 *   <li>Statements per data source: each pool shows exactly the statements it ran, and no {@code connection} entry
 *       appears for the pools' physical connections.</li>
 *   <li>A closed pool goes away (from {@code /health/database}, the checks and every {@code pool_name} series) while
 *       {@code /health} stays 200, and no connection is opened for it again: with every pool closed, the JVM holds no
 *       PostgreSQL connection ({@code pg_stat_activity}, by the application name this test gives).</li>
 * </ul>
 */
class MultiPoolTest {
    static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String DERIVED = "postgresql://postgres@127.0.0.1:5432/test";
    static final Pattern PORT = Pattern.compile("multipool listening on (\\d+)");

    @Test
    void stableNamesPerSourceStatementsAndClosedPoolsRemoved() throws Exception {
        Services.requirePostgres();
        String appName = "vitals-multipool-" + UUID.randomUUID().toString().substring(0, 8);
        String url = PG + "?ApplicationName=" + appName;
        List<String> expected = List.of(DERIVED, DERIVED + " #2", DERIVED + " #3", "orders");
        Map<String, String> kinds = Map.of(DERIVED, "Tomcat DBCP2", DERIVED + " #2", "Tomcat JDBC",
                DERIVED + " #3", "HikariCP", "orders", "c3p0");
        int[] queries = {4, 2, 1, 3};
        for (int run = 1; run <= 3; run++) {
            AgentProcess p = AgentProcess.main(MultiPoolApp.class)
                    .agentArg("health.database.interval", "1s")
                    .agentArg("health.database.timeout", "10s") // a busy shared machine may take seconds to connect
                    .args(url, "postgres", "", "tomcat-dbcp2", "tomcat", "hikari", "c3p0=orders")
                    .jvmOptions("-Xmx256m")
                    .start();
            try {
                int port = Integer.parseInt(p.awaitOutput(PORT, Duration.ofSeconds(120)).group(1));
                p.agentPort();
                for (int i = 0; i < queries.length; i++) {
                    HttpResult r = app(port, "/q?pool=" + i + "&n=" + queries[i]);
                    assertEquals(200, r.status(), r.body());
                }
                JdbcTestSupport.await(Duration.ofSeconds(20), () -> totals(p).size() >= 4
                                && totals(p).values().stream().mapToLong(Long::longValue).sum() >= 10,
                        () -> p.get("/health/database").body());
                Map<String, Long> totals = totals(p);
                // No entry of type connection: c3p0's own statements on its helper threads count for c3p0.
                assertEquals(expected, new ArrayList<>(totals.keySet()), "run " + run + ": " + p.get("/health/database").body());
                for (int i = 0; i < queries.length - 1; i++) {
                    assertEquals(queries[i], totals.get(expected.get(i)), "statements of " + expected.get(i) + " in run " + run);
                }
                assertTrue(totals.get("orders") >= queries[3], "c3p0's statements, its connection tests included: " + totals);
                for (JsonNode ds : p.get("/health/database").json().path("dataSources")) {
                    assertEquals(kinds.get(ds.path("name").asText()), ds.path("type").asText(), ds.toString());
                    assertEquals(2, ds.path("pool").path("max").asInt(), ds.toString());
                }
                String metrics = p.get("/metrics").body();
                assertFalse(metrics.contains("Tomcat Connection Pool[") || metrics.contains("HikariPool-"), metrics);
                JdbcTestSupport.await(Duration.ofSeconds(20), () -> p.get("/health").json().path("checks").size() >= 4
                        && p.get("/health").status() == 200, () -> p.get("/health").body());
                if (run == 3) {
                    closeEveryPool(p, port, appName, expected);
                }
            } finally {
                p.close();
            }
        }
    }

    /** Closes the pools one by one: each goes away at once, /health stays 200, and no connection is left. */
    private static void closeEveryPool(AgentProcess p, int port, String appName, List<String> names) throws Exception {
        assertTrue(connections(appName) > 0, "the pools hold connections");
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            assertEquals("closed", app(port, "/close?pool=" + i).body());
            JdbcTestSupport.await(Duration.ofSeconds(10), () -> {
                HttpResult health = p.get("/health");
                assertEquals(200, health.status(), "a closed pool never fails /health: " + health.body());
                return !totals(p).containsKey(name) && !health.body().contains("\"dataSource\":\"" + name + "\"")
                        && !p.get("/metrics").body().contains("pool_name=\"" + name + "\"");
            }, () -> p.get("/health").body() + "\n" + p.get("/health/database").body());
        }
        JdbcTestSupport.await(Duration.ofSeconds(10), () -> connections(appName) == 0, () -> "connections: " + connections(appName));
        // Three check intervals and a scrape later, nothing opened a closed pool again.
        Thread.sleep(3_500);
        p.get("/metrics");
        p.get("/health/database");
        assertEquals(0, connections(appName), "connections after every pool was closed");
        assertEquals(Map.of(), totals(p), p.get("/health/database").body());
        assertEquals(200, p.get("/health").status(), p.get("/health").body());
    }

    /**
     * Statements per data source in {@code /health/database}, in its order, every entry included: c3p0 tests the
     * connections it opens at start-up from its own threads before handing any out, and those statements must count
     * for c3p0, not for an entry of type {@code connection}.
     */
    static Map<String, Long> totals(AgentProcess p) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (JsonNode ds : p.get("/health/database").json().path("dataSources")) {
            out.put(ds.path("name").asText(), ds.path("queries").path("totalQueries").asLong());
        }
        return out;
    }

    static HttpResult app(int port, String path) {
        return Http.get(URI.create("http://127.0.0.1:" + port + path));
    }

    /** PostgreSQL connections whose application name is {@code appName}, counted from this JVM. */
    static int connections(String appName) {
        try (Connection c = DriverManager.getConnection(PG, "postgres", "");
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            s.setString(1, appName);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}

package dev.vitals.it.tomcat;

import dev.vitals.it.HttpResult;
import dev.vitals.it.Services;
import dev.vitals.it.TomcatDistribution;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hot redeploy on the Tomcat distribution: the test WAR, whose {@code META-INF/context.xml} declares a pool on
 * PostgreSQL (Tomcat's bundled DBCP2, at most 2 connections), reloaded 20 times through the manager application.
 * After every reload the application, {@code /health} and {@code /health/ready} answer 200; at the end the process
 * holds no more PostgreSQL connections than the one live pool may, the {@code pool_name} series are as many as
 * after the first reload, and the discarded applications' class loaders have been collected.
 */
class HotRedeployTest {
    private static final int RELOADS = 20;
    /** A reload and a new application's first query load classes: slow on a busy machine; this bounds a hang. */
    private static final Duration SLOW = Duration.ofSeconds(120);
    private static final String WEBAPP_LOADER = "org.apache.catalina.loader.ParallelWebappClassLoader";
    private static final Map<String, String> DEPLOYER = Map.of("Authorization",
            "Basic " + Base64.getEncoder().encodeToString("deployer:d3ploy".getBytes(StandardCharsets.UTF_8)));

    @Test
    void twentyReloadsKeepHealthConnectionsSeriesAndClassLoadersBounded() throws Exception {
        Services.requirePostgres();
        String appName = "vitals-reload-" + ProcessHandle.current().pid();
        try (TomcatDistribution tomcat = TomcatDistribution.builder()
                .war("app", Path.of(System.getProperty("vitals.test.war")))
                .libJar(Path.of(System.getProperty("vitals.postgres.driver")))
                .manager()
                .user("deployer", "d3ploy", "manager-script")
                .systemProperty("testwar.app.name", appName)
                // One check interval is what a discarded pool may linger: keep it short so the test is too.
                .agentArg("health.database.interval", "2s")
                .name("tomcat-reload")
                .start()) {
            assertEquals(200, tomcat.get("/app/db", SLOW).status());
            int poolSeriesAfterFirst = -1;
            List<String> problems = new ArrayList<>();
            for (int i = 1; i <= RELOADS; i++) {
                HttpResult reload = tomcat.get("/manager/text/reload?path=/app", DEPLOYER, SLOW);
                assertTrue(reload.status() == 200 && reload.body().startsWith("OK"), "reload " + i + ": " + reload);
                HttpResult db = tomcat.get("/app/db", SLOW);
                assertEquals(200, db.status(), "reload " + i + ": " + db);
                HttpResult health = tomcat.agent().get("/health");
                if (health.status() != 200) {
                    problems.add("reload " + i + ": /health " + health);
                }
                HttpResult ready = tomcat.agent().get("/health/ready");
                if (ready.status() != 200) {
                    problems.add("reload " + i + ": /health/ready " + ready);
                }
                if (i == 1) {
                    Thread.sleep(3_000); // one check interval: the first discarded pool is gone
                    poolSeriesAfterFirst = poolSeries(tomcat);
                }
            }
            Thread.sleep(3_000);
            assertEquals(200, tomcat.agent().get("/health").status(), tomcat.agent().get("/health/detailed").body());
            assertTrue(problems.isEmpty(), String.join("\n", problems));

            int connections = connections(appName);
            assertTrue(connections <= 2, connections + " PostgreSQL connections of " + appName
                    + " after " + RELOADS + " reloads; the live pool holds at most 2");

            int poolSeries = poolSeries(tomcat);
            assertTrue(poolSeries <= poolSeriesAfterFirst, poolSeries + " pool_name series after " + RELOADS
                    + " reloads, " + poolSeriesAfterFirst + " after the first");

            // The live application's loader and the manager's; a discarded one may still be closing.
            long loaders = tomcat.liveInstances(WEBAPP_LOADER).values().stream().mapToLong(Long::longValue).sum();
            assertTrue(loaders <= 3, loaders + " live web-application class loaders after " + RELOADS + " reloads");
        }
    }

    private static int poolSeries(TomcatDistribution tomcat) {
        int n = 0;
        for (String line : tomcat.agent().get("/metrics").body().split("\n")) {
            if (!line.startsWith("#") && line.contains("pool_name=")) {
                n++;
            }
        }
        return n;
    }

    /** Connections of this test's application name, from the server's own view. */
    private static int connections(String appName) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?ApplicationName=vitals-reload-check", "postgres", "");
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            s.setString(1, appName);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}

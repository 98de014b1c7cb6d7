package dev.vitals.it.jdbc;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On one core, the database feature is wired by the application's first JDBC call, on the thread that makes it, and
 * that call is recorded: {@link DbApp} (H2 behind HikariCP) takes a connection in {@code main} before its server starts, long
 * before the agent's start is over.
 */
class DatabaseWiredOnFirstUseTest {
    @Test
    void onOneCoreTheFirstJdbcCallOfTheStartWiresTheDatabaseFeatureAndIsRecorded() {
        try (JdbcTestSupport.App app = JdbcTestSupport.start(JdbcTestSupport.builder("jdbc:h2:mem:first_use;DB_CLOSE_DELAY=-1",
                "sa", "", "hikari", 2, 5000, "log.level", "debug").jvmOptions("-XX:ActiveProcessorCount=1"))) {
            String log = app.process().stderr();
            int wired = log.indexOf("DatabaseFeature wired on main");
            int startOver = log.indexOf("starting the listener and the background work");
            assertTrue(wired >= 0 && wired < startOver, "not wired on main during the start:\n" + log);
            // No request has reached the application: the only connection taken is main's, before its server started.
            double acquired = JdbcTestSupport.sample(app.metrics(), "db_client_connection_wait_time_seconds_count",
                    Map.of("pool_name", "it-hikari"));
            assertTrue(acquired >= 1, "main's connection was not recorded: " + acquired + "\n" + app.metrics());
        }
    }
}

package dev.vitals.it.jdbc;

import dev.vitals.it.AgentProcess;
import dev.vitals.it.Jars;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar vitals-agent.jar attach <pid>} to an application whose servlet container, servlet, pool and JDBC
 * driver have all loaded and run already: the classes that the servlet and JDBC modules take by their supertypes are
 * retransformed (woven from their class files, as when they load), and what the application does after the attach is
 * recorded exactly.
 */
class AttachToRunningDbAppTest {
    private static final String TABLE = "jdbcit_attach";

    @Test
    void statementsRequestsAndPoolWaitAfterAnAttachAreRecordedExactly() {
        AgentProcess process = JdbcTestSupport.builder("jdbc:h2:mem:vitals_attach;DB_CLOSE_DELAY=-1", "sa", "", "hikari", 2,
                5_000).withoutAgent().start();
        int port = Integer.parseInt(process.awaitOutput(JdbcTestSupport.APP_PORT, Duration.ofSeconds(60)).group(1));
        try (JdbcTestSupport.App app = new JdbcTestSupport.App(process, port)) {
            // Before the attach, every class on the recorded path loads and runs.
            assertEquals(200, app.app("/setup?table=" + TABLE).status());
            assertEquals("3", app.app("/work?table=" + TABLE + "&n=3").body());

            String agentArgs = "exporter.port=0,data.dir=" + AgentProcess.tempDir("attach-db-data-")
                    + ",service.name=attached-db";
            AgentProcess.Finished attach = AgentProcess.jar(Jars.agent()).withoutAgent()
                    .args("attach", String.valueOf(process.pid()), agentArgs).run(Duration.ofSeconds(120));
            assertEquals(0, attach.exitCode(), attach.description());
            process.agentPort(); // the listener, started by the agent inside the application

            assertEquals("5", app.app("/work?table=" + TABLE + "&n=5").body());

            // Per /work with n: INSERT n, SELECT n + 1, UPDATE 1, DELETE 1; none of the call before the attach.
            Map<String, String> table = Map.of("db_system_name", "h2", "db_collection_name", TABLE);
            String count = "db_client_operation_duration_seconds_count";
            Map<String, String> work = Map.of("http_route", "/work", "http_response_status_code", "200");
            JdbcTestSupport.await(Duration.ofSeconds(20), () -> {
                String m = app.metrics();
                return JdbcTestSupport.sample(m, count, StatementScenario.with(table, "db_operation_name", "SELECT")) == 6
                        && JdbcTestSupport.sample(m, "http_server_request_duration_seconds_count", work) == 1;
            }, app::metrics);
            String metrics = app.metrics();
            assertEquals(5, JdbcTestSupport.sample(metrics, count, StatementScenario.with(table, "db_operation_name", "INSERT")), metrics);
            assertEquals(6, JdbcTestSupport.sample(metrics, count, StatementScenario.with(table, "db_operation_name", "SELECT")), metrics);
            assertEquals(1, JdbcTestSupport.sample(metrics, count, StatementScenario.with(table, "db_operation_name", "UPDATE")), metrics);
            assertEquals(1, JdbcTestSupport.sample(metrics, count, StatementScenario.with(table, "db_operation_name", "DELETE")), metrics);
            assertEquals(1, JdbcTestSupport.sample(metrics, "http_server_request_duration_seconds_count", work), metrics);
            assertTrue(JdbcTestSupport.sample(metrics, "db_client_connection_wait_time_seconds_count",
                    Map.of("pool_name", "it-hikari")) >= 1, "the pool's getConnection: " + metrics);
            assertTrue(process.isAlive(), "the application keeps running" + process.describe());
        }
    }
}

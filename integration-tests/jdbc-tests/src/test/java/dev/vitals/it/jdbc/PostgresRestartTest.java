package dev.vitals.it.jdbc;

import dev.vitals.it.HttpResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A throwaway PostgreSQL cluster stopped and started again under a running application: the database check turns
 * unhealthy (and, being critical by default, readiness fails), the application's other requests keep being served,
 * and once the server is back the check turns healthy again.
 */
class PostgresRestartTest {
    @Test
    void databaseCheckFollowsTheServer() throws Exception {
        try (ThrowawayPostgres pg = ThrowawayPostgres.create();
             JdbcTestSupport.App app = JdbcTestSupport.start(pg.url(), "postgres", "", "hikari", 3, 1_000,
                     "health.database.timeout", "3s")) {
            assertEquals(200, app.app("/setup?table=jdbcit_restart").status());
            JdbcTestSupport.await(Duration.ofSeconds(30), () -> "healthy".equals(status(app)), () -> app.agent("/health").body());

            pg.stop();
            assertEquals(500, app.app("/work?table=jdbcit_restart&n=1").status(), "the database is down");
            JdbcTestSupport.await(Duration.ofSeconds(30), () -> "unhealthy".equals(status(app)), () -> app.agent("/health").body());
            assertEquals("pong", app.app("/ping").body(), "requests that need no database are still served");
            HttpResult health = app.agent("/health");
            assertEquals(503, health.status(), health.body());
            assertEquals(503, app.agent("/health/ready").status());
            assertEquals(200, app.agent("/health/live").status(), "liveness never depends on the database");
            assertEquals("unhealthy", app.dataSource("it-hikari").path("health").path("status").asText());

            pg.start();
            JdbcTestSupport.await(Duration.ofSeconds(45), () -> "healthy".equals(status(app)), () -> app.agent("/health").body());
            assertEquals(200, app.agent("/health/ready").status(), app.agent("/health/ready").body());
            assertEquals("1", app.app("/work?table=jdbcit_restart&n=1").body());
        }
    }

    private static String status(JdbcTestSupport.App app) {
        return app.agent("/health").json().path("checks").path("database").path("status").asText();
    }
}

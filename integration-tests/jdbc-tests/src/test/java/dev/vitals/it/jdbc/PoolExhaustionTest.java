package dev.vitals.it.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pool exhaustion for real: HikariCP with 2 connections and a 3 s connection timeout, five threads each holding a
 * connection for 6 s. Three of them wait; the waiting shows in {@code /health/database} and {@code /metrics}, the
 * database check reports the pool exhausted, and the three time out and are counted.
 */
class PoolExhaustionTest {
    private static final String POOL = "it-hikari";

    @Test
    void waitingClientsWaitTimeAndTimeouts() throws Exception {
        try (JdbcTestSupport.App app = JdbcTestSupport.start("jdbc:h2:mem:exhaust;DB_CLOSE_DELAY=-1", "sa", "", "hikari",
                2, 3_000)) {
            assertEquals("pong", app.app("/ping").body());
            assertEquals("started 5", app.app("/hold?threads=5&millis=6000").body());

            // While three threads wait: the pool's own figure and Vitals' gauge both show them.
            AtomicBoolean degraded = new AtomicBoolean();
            JdbcTestSupport.await(Duration.ofSeconds(3), () -> {
                JsonNode pool = app.dataSource(POOL).path("pool");
                double pending = JdbcTestSupport.sample(app.metrics(), "db_client_connection_pending_requests",
                        Map.of("pool_name", POOL));
                return pool.path("waiting").asInt() >= 1 && pool.path("active").asInt() == 2 && pending >= 1;
            }, () -> app.dataSource(POOL).toString());
            JdbcTestSupport.await(Duration.ofSeconds(3), () -> {
                JsonNode check = app.agent("/health").json().path("checks").path("database");
                if (check.path("message").asText().startsWith("pool exhausted")) {
                    degraded.set(true);
                }
                return degraded.get();
            }, () -> app.agent("/health").body());
            assertEquals("pong", app.app("/ping").body(), "the application keeps serving while its pool is exhausted");

            // Afterwards: three timeouts counted, waits of about 3 s in the histogram and the endpoint.
            JdbcTestSupport.await(Duration.ofSeconds(20), () -> JdbcTestSupport.sample(app.metrics(),
                    "db_client_connection_timeouts_total", Map.of("pool_name", POOL)) >= 3
                    && app.dataSource(POOL).path("connections").path("timeouts").asInt() >= 3, () -> app.metrics());
            String metrics = app.metrics();
            double count = JdbcTestSupport.sample(metrics, "db_client_connection_wait_time_seconds_count", Map.of("pool_name", POOL));
            double under2s = JdbcTestSupport.sample(metrics, "db_client_connection_wait_time_seconds_bucket",
                    Map.of("pool_name", POOL, "le", "2.5"));
            assertTrue(count - under2s >= 3, "three waits over 2.5 s:\n" + metrics);
            JdbcTestSupport.assertPromtoolPasses(metrics, "db_client_");
            JsonNode ds = app.dataSource(POOL);
            assertTrue(ds.path("connections").path("maxWaitTime").asDouble() >= 2_900, ds.toString());
            assertTrue(ds.path("connections").path("timeoutsTotal").asInt() >= 3, ds.toString());
            assertTrue(ds.path("health").path("score").asInt() <= 80, ds.toString());
            assertTrue(ds.path("health").path("issues").toString().contains("timed out"), ds.toString());
        }
    }
}

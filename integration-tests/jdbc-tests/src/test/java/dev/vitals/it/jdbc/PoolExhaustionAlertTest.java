package dev.vitals.it.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's own default rule hears of a real pool exhaustion, with no Prometheus anywhere: HikariCP with 2
 * connections and a 1 s connection timeout, five threads each holding a connection for 4 s, so three time out.
 * Rules are evaluated every 500 ms over a 10 s window.
 */
class PoolExhaustionAlertTest {
    private static final String RULE = "default-pool-exhausted";

    private static JsonNode activeAlert(JdbcTestSupport.App app) {
        for (JsonNode a : app.agent("/alerts/active").json().path("alerts")) {
            if (a.path("ruleId").asText().equals(RULE)) {
                return a;
            }
        }
        return null;
    }

    @Test
    void connectionTimeoutsFireTheDefaultPoolExhaustedRule() throws Exception {
        try (JdbcTestSupport.App app = JdbcTestSupport.start("jdbc:h2:mem:exhaust-alert;DB_CLOSE_DELAY=-1", "sa", "",
                "hikari", 2, 1_000, "alerts.interval", "500ms", "alerts.window", "10s")) {
            assertEquals("pong", app.app("/ping").body());
            JsonNode rule = app.agent("/alerts/rules/" + RULE).json();
            assertEquals("inactive", rule.path("state").asText(), rule.toString());

            assertEquals("started 5", app.app("/hold?threads=5&millis=4000").body());
            JdbcTestSupport.await(Duration.ofSeconds(30), () -> activeAlert(app) != null,
                    () -> app.agent("/alerts/rules/" + RULE).body() + "\n" + app.metrics());
            JsonNode alert = activeAlert(app);
            assertEquals("critical", alert.path("severity").asText(), alert.toString());
            assertEquals("resources", alert.path("type").asText(), alert.toString());
            assertTrue(alert.path("current").asDouble() > 0, "timeouts per second: " + alert);
            assertTrue(alert.path("message").asText().contains("db_client_connection_timeouts_total"), alert.toString());
        }
    }
}

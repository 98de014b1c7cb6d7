package dev.vitals.it.jdbc;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Twenty thousand distinct SQL texts on as many tables: the operation/table pairs stop at {@code limits.sql} and
 * the rest are counted in one {@code _other} series, so {@code /metrics} stays small. (The in-process
 * {@code DatabaseMetricsTest} runs a million texts and checks the heap.)
 */
class SqlFloodTest {
    @Test
    void distinctSqlTextsStayBounded() {
        try (JdbcTestSupport.App app = JdbcTestSupport.start("jdbc:h2:mem:flood;DB_CLOSE_DELAY=-1", "sa", "", "hikari",
                2, 3_000, "limits.sql", "20")) {
            assertEquals("20000", app.app("/flood?n=20000").body());
            Map<String, String> other = Map.of("db_system_name", "h2", "db_collection_name", "_other");
            JdbcTestSupport.await(Duration.ofSeconds(20), () -> JdbcTestSupport.sample(app.metrics(),
                    "db_client_operation_duration_seconds_count", other) >= 19_980, app::metrics);
            String metrics = app.metrics();
            Set<String> collections = new HashSet<>();
            Matcher m = Pattern.compile("db_client_operation_duration_seconds_count\\{[^}]*db_collection_name=\"([^\"]*)\"")
                    .matcher(metrics);
            while (m.find()) {
                collections.add(m.group(1));
            }
            assertTrue(collections.size() <= 21, collections.size() + " collections: " + collections);
            assertTrue(JdbcTestSupport.lines(metrics, "db_client_operation_duration_seconds_count").size() <= 25,
                    String.join("\n", JdbcTestSupport.lines(metrics, "db_client_operation_duration_seconds_count")));
            assertTrue(!metrics.contains("flood-1"), "a literal leaked");
        }
    }
}

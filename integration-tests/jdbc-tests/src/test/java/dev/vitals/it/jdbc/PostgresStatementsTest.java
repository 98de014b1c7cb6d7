package dev.vitals.it.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.HttpResult;
import dev.vitals.it.Services;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /health/database/statements} on the shared PostgreSQL (pgjdbc behind HikariCP, the real agent): the
 * statements of real work with their calls, errors and times; the literals of planted statements never appear; and two
 * thousand distinct statements (a table each) stop at {@code limits.statements}, the rest counted as one {@code _other}
 * entry. (The in-process {@code DatabaseMetricsTest} runs a million distinct texts and checks the heap.)
 */
class PostgresStatementsTest {
    private static final String SELECT = "SELECT name, qty FROM jdbcit_stmt WHERE id = ?";

    @Test
    void topStatementsWithoutLiteralsAndBounded() {
        Services.requirePostgres();
        try (JdbcTestSupport.App app = JdbcTestSupport.start("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "",
                "hikari", 2, 5_000, "limits.statements", "50")) {
            assertEquals("ok", app.app("/setup?table=jdbcit_stmt").body());
            assertEquals("20", app.app("/work?table=jdbcit_stmt&n=20").body());
            assertEquals("20", app.app("/work?table=jdbcit_stmt&n=20").body());
            assertEquals("ok", app.app("/secret?table=jdbcit_stmt").body());
            assertEquals("2000", app.app("/flood?n=2000").body());

            HttpResult byCalls = app.agent("/health/database/statements?sort=calls&limit=5");
            assertEquals(200, byCalls.status(), byCalls.body());
            JsonNode top = byCalls.json().path("top");
            assertEquals("_other", top.get(0).path("operation").asText(), "the flood's rest has the most calls: " + top);
            JsonNode first = null;
            for (JsonNode s : top) {
                if (s.path("query").asText().equals(SELECT)) {
                    first = s;
                }
            }
            assertTrue(first != null, byCalls.body());
            assertEquals(40, first.path("calls").asInt(), first.toString());
            assertEquals(0, first.path("errors").asInt(), first.toString());
            assertTrue(first.path("total").asDouble() > 0 && first.path("max").asDouble() >= first.path("p95").asDouble(),
                    first.toString());
            assertTrue(first.path("mean").asDouble() > 0, first.toString());
            assertTrue(first.path("lastSeen").asText().startsWith("20"), first.toString());

            HttpResult all = app.agent("/health/database/statements?limit=1000");
            String body = all.body();
            assertFalse(body.contains(DbApp.PLANTED_STRING), "a planted string leaked: " + body);
            assertFalse(body.contains(DbApp.PLANTED_NUMBER), "a planted number leaked: " + body);
            assertFalse(body.contains("flood-"), "a flood literal leaked");
            int statements = all.json().path("statements").asInt();
            assertTrue(statements <= 50 + 1, statements + " statements past limits.statements=50");
            JsonNode other = null;
            for (JsonNode s : all.json().path("top")) {
                if (s.path("operation").asText().equals("_other")) {
                    other = s;
                }
            }
            assertTrue(other != null && other.path("calls").asInt() >= 1_950, "the rest in one _other entry: " + other);
            assertEquals(other.path("calls").asInt(), other.path("errors").asInt(), "flood tables do not exist: " + other);

            JsonNode byErrors = app.agent("/health/database/statements?sort=errors&limit=1").json().path("top").get(0);
            assertTrue(byErrors.path("errors").asInt() > 0, byErrors.toString());
            JsonNode slowest = app.agent("/health/database/statements?sort=mean&limit=1").json().path("top").get(0);
            assertTrue(slowest.path("query").asText().contains("pg_sleep"), "the planted slow statement: " + slowest);

            String source = first.path("source").asText();
            assertEquals(200, app.agent("/health/database/statements?source=" + source).status());
            HttpResult badSource = app.agent("/health/database/statements?source=nope");
            assertEquals(400, badSource.status(), badSource.body());
            assertTrue(badSource.body().contains("source"), badSource.body());
            HttpResult badSort = app.agent("/health/database/statements?sort=fastest");
            assertEquals(400, badSort.status(), badSort.body());
            assertTrue(badSort.body().contains("sort"), badSort.body());
            assertEquals(400, app.agent("/health/database/statements?limit=0").status());
        }
    }
}

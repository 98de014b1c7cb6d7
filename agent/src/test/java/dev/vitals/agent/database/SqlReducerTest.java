package dev.vitals.agent.database;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SqlReducerTest {
    private static SqlReducer.Shape pg(String sql) {
        return SqlReducer.reduce(sql, false);
    }

    private static void shape(String sql, String op, String table) {
        SqlReducer.Shape s = pg(sql);
        assertEquals(op, s.operation, sql);
        assertEquals(table, s.table, sql);
    }

    @Test
    void operationAndMainTable() {
        shape("SELECT id, name FROM owners WHERE id = ?", "SELECT", "owners");
        shape("select * from Public.Owners o join pets p on p.owner_id = o.id", "SELECT", "public.owners");
        shape("SELECT COUNT(*) FROM (SELECT id FROM visits) v", "SELECT", "visits");
        shape("INSERT INTO demo_orders (a, b) VALUES (?, ?)", "INSERT", "demo_orders");
        shape("insert ignore into `weird` values (1)", "INSERT", "weird");
        shape("UPDATE pets SET name = ? WHERE id = ?", "UPDATE", "pets");
        shape("DELETE FROM \"Vets\" WHERE id = 3", "DELETE", "Vets");
        shape("  /* hint */ -- comment\n SELECT 1", "SELECT", "");
        shape("WITH recent AS (SELECT * FROM visits) SELECT * FROM recent r", "SELECT", "recent");
        shape("{call refresh_stats(?)}", "CALL", "refresh_stats");
        shape("{? = call next_id()}", "CALL", "next_id");
        shape("CREATE TABLE IF NOT EXISTS demo_products (id BIGINT)", "CREATE", "demo_products");
        shape("DROP TABLE IF EXISTS jdbcit_items", "DROP", "jdbcit_items");
        shape("CREATE UNIQUE INDEX idx ON owners (name)", "CREATE", "owners");
        shape("TRUNCATE TABLE audit", "TRUNCATE", "audit");
        shape("MERGE INTO t USING s ON t.id = s.id", "MERGE", "t");
        shape("BEGIN", "BEGIN", "");
        shape("", "OTHER", "");
        shape("123 garbage", "OTHER", "");
    }

    @Test
    void literalsBecomePlaceholders() {
        assertEquals("SELECT * FROM t WHERE name = ? AND qty = ? AND price > ? AND code = ?",
                pg("SELECT * FROM t WHERE name = 'it''s secret' AND qty = 42 AND price > 1.5e3 AND code = 0xFF").sanitized);
        assertEquals("SELECT * FROM t WHERE id IN (?)", pg("SELECT * FROM t WHERE id IN (1, 2, 3,4)").sanitized);
        assertEquals("SELECT ? FROM t", pg("SELECT $body$ it's a secret $body$ FROM t").sanitized);
        assertEquals("SELECT ? FROM t", pg("SELECT E'a\\'b', N'x' FROM t").sanitized);
        assertEquals("SELECT \"Col\" FROM t", pg("SELECT \"Col\" FROM t").sanitized);
        assertEquals("SELECT col1, t2.c FROM t2", pg("SELECT col1, t2.c FROM t2").sanitized);
        assertEquals("SELECT ? FROM t", SqlReducer.reduce("SELECT \"mysql string\" FROM t", true).sanitized);
        assertEquals("SELECT a FROM t WHERE x = ?", pg("SELECT a   FROM t\n\tWHERE x = ? -- trailing 'secret'\n").sanitized);
    }

    @Test
    void noLiteralSurvivesHostileInput() {
        String[] hostile = {
            "SELECT 'secret", // unterminated
            "SELECT 'a\\' secret'", // backslash escape
            "SELECT * FROM t WHERE a = 'x' || 'secret'",
            "SELECT $$secret", "SELECT * FROM t WHERE a = -12345secret",
            "SELECT * FROM t WHERE a = N'secret' AND b = X'5ecre7'",
            "SELECT /* secret */ 1", "SELECT 1 # secret",
        };
        for (String sql : hostile) {
            String out = SqlReducer.reduce(sql, true).sanitized;
            assertFalse(out.contains("secret") || out.contains("12345") || out.contains("5ecre7"), sql + " -> " + out);
        }
    }

    @Test
    void longStatementsAreCut() {
        StringBuilder sql = new StringBuilder("SELECT a FROM t WHERE b IN (");
        for (int i = 0; i < 5_000; i++) {
            sql.append("col").append(i).append(", ");
        }
        sql.append("x)");
        SqlReducer.Shape s = pg(sql.toString());
        assertEquals("t", s.table);
        assertEquals(true, s.sanitized.length() <= SqlReducer.MAX_SANITIZED + 64);
        assertEquals(true, s.sanitized.endsWith("\u2026"));
    }
}

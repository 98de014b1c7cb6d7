package dev.vitals.agent.instrumentation.jdbc;

import dev.vitals.agent.instrumentation.LibraryClasses;
import dev.vitals.agent.instrumentation.TypeIndex;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JDBC matchers on H2's and HikariCP's real classes. */
class JdbcTypesTest {
    private final JdbcTypes statements = new JdbcTypes(TypeIndex.STATEMENT, JdbcInstrumentation.STATEMENT_METHODS);
    private final JdbcTypes connections = new JdbcTypes(TypeIndex.CONNECTION, JdbcInstrumentation.CONNECTION_METHODS);
    private final JdbcTypes dataSources = new JdbcTypes(TypeIndex.DATA_SOURCE, "getConnection");

    @Test
    void acceptsDriverStatementsConnectionsAndDataSources() throws Exception {
        try (LibraryClasses h2 = LibraryClasses.of("h2", "HikariCP")) {
            assertTrue(h2.matches(statements, "org.h2.jdbc.JdbcStatement"));
            assertTrue(h2.matches(statements, "org.h2.jdbc.JdbcPreparedStatement"), "through its superclass");
            assertTrue(h2.matches(statements, "org.h2.jdbc.JdbcCallableStatement"), "two levels up");
            assertTrue(h2.matches(connections, "org.h2.jdbc.JdbcConnection"));
            assertTrue(h2.matches(dataSources, "org.h2.jdbcx.JdbcDataSource"));
            assertTrue(h2.matches(dataSources, "com.zaxxer.hikari.HikariDataSource"));
            assertTrue(h2.matches(connections, "com.zaxxer.hikari.pool.ProxyConnection"), "abstract, not an interface");
            assertTrue(h2.matches(statements, "com.zaxxer.hikari.pool.ProxyPreparedStatement"));
        }
    }

    @Test
    void rejectsOtherJdbcTypesAndLookAlikes() throws Exception {
        try (LibraryClasses h2 = LibraryClasses.of("h2", "HikariCP")) {
            assertFalse(h2.matches(statements, "org.h2.jdbc.JdbcConnection"), "a connection is no statement");
            assertFalse(h2.matches(connections, "org.h2.jdbc.JdbcStatement"), "a statement is no connection");
            assertFalse(h2.matches(statements, "org.h2.jdbc.JdbcResultSet"), "a result set");
            assertFalse(h2.matches(dataSources, "org.h2.Driver"), "a driver");
            assertFalse(h2.matches(connections, "org.h2.engine.SessionLocal"), "H2's own session");
            assertFalse(h2.matches(dataSources, "com.zaxxer.hikari.HikariConfig"), "the pool's configuration");
            assertFalse(h2.matches(statements, LookAlikeStatement.class.getName()), "execute() without the interface");
        }
    }

    /** Has a statement's methods but is no statement. */
    public static class LookAlikeStatement {
        public boolean execute(String sql) {
            return sql.isEmpty();
        }
    }

    @Test
    void aNameThatStartsWithAnotherIsSearchedForThroughTheShorterOne() {
        assertEquals(List.of("execute"), shortest(JdbcInstrumentation.STATEMENT_METHODS));
        assertEquals(List.of("prepareStatement", "prepareCall", "isValid"), shortest(JdbcInstrumentation.CONNECTION_METHODS));
        assertEquals(List.of("getConnection"), shortest("getConnection"));
    }

    private static List<String> shortest(String... names) {
        return Arrays.stream(JdbcTypes.shortest(names)).map(b -> new String(b, StandardCharsets.US_ASCII))
                .collect(Collectors.toList());
    }
}

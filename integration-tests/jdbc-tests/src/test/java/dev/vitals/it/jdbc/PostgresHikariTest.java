package dev.vitals.it.jdbc;

import dev.vitals.it.Services;

/** PostgreSQL (pgjdbc) behind HikariCP, on the shared server. */
class PostgresHikariTest extends StatementScenario {
    @Override
    String[] connection() {
        return new String[] {"jdbc:postgresql://127.0.0.1:5432/test?password=secret-password", "postgres", ""};
    }

    @Override
    String pool() {
        return "hikari";
    }

    @Override
    String poolName() {
        return "it-hikari";
    }

    @Override
    String system() {
        return "postgresql";
    }

    @Override
    String namespace() {
        return "test";
    }

    @Override
    String missingTableState() {
        return "42P01";
    }

    @Override
    void requireDatabase() {
        Services.requirePostgres();
    }
}

package dev.vitals.it.jdbc;

import dev.vitals.it.Services;

/** PostgreSQL behind Apache DBCP2's BasicDataSource. */
class PostgresDbcp2Test extends PostgresHikariTest {
    @Override
    String pool() {
        return "dbcp2";
    }

    @Override
    String poolName() {
        return "dbcp2";
    }

    @Override
    void requireDatabase() {
        Services.requirePostgres();
    }
}

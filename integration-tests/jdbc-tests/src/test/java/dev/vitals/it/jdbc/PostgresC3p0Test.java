package dev.vitals.it.jdbc;

/** PostgreSQL behind c3p0's ComboPooledDataSource, named by its dataSourceName. */
class PostgresC3p0Test extends PostgresHikariTest {
    @Override
    String pool() {
        return "c3p0";
    }

    @Override
    String poolName() {
        return "it-c3p0";
    }
}

package dev.vitals.it.jdbc;

/** PostgreSQL behind Apache DBCP2's BasicDataSource, which has no pool name: Vitals names it from its URL and user. */
class PostgresDbcp2Test extends PostgresHikariTest {
    @Override
    String pool() {
        return "dbcp2";
    }

    @Override
    String poolName() {
        return "postgresql://postgres@127.0.0.1:5432/test";
    }
}

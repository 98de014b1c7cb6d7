package dev.vitals.it.jdbc;

/** PostgreSQL behind Oracle UCP (pooling pgjdbc through its driver), named by its connection pool name. */
class PostgresUcpTest extends PostgresHikariTest {
    @Override
    String pool() {
        return "ucp";
    }

    @Override
    String poolName() {
        return "it-ucp";
    }
}

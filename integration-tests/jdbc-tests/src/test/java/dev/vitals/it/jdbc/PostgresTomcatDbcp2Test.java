package dev.vitals.it.jdbc;

/**
 * PostgreSQL behind Tomcat's bundled DBCP2 ({@code org.apache.tomcat.dbcp.dbcp2.BasicDataSource}, the default pool of
 * a Tomcat JNDI DataSource). It has no pool name, so Vitals names it from its URL and user.
 */
class PostgresTomcatDbcp2Test extends PostgresHikariTest {
    @Override
    String pool() {
        return "tomcat-dbcp2";
    }

    @Override
    String poolName() {
        return "postgresql://postgres@127.0.0.1:5432/test";
    }
}

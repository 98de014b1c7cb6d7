package dev.vitals.it.jdbc;

/** MariaDB behind the Tomcat JDBC pool (whose connections and statements are java.lang.reflect.Proxy objects). */
class MariaDbTomcatJdbcTest extends MariaDbHikariTest {
    @Override
    String pool() {
        return "tomcat";
    }

    @Override
    String poolName() {
        return "it-tomcat";
    }
}

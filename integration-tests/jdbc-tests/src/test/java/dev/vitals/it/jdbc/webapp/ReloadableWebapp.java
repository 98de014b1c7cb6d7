package dev.vitals.it.jdbc.webapp;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Function;

/**
 * A "web application" that {@code ReloadApp} loads, again and again, through a class loader of its own (as a servlet
 * container loads a WAR): deploying it creates three pools on PostgreSQL (HikariCP named {@code reload-hikari}, Apache
 * DBCP2 and Tomcat JDBC, unnamed) from classes of that loader and runs a statement on each; the returned
 * {@link AutoCloseable} undeploys it: closes the pools and deregisters the JDBC driver its loader registered, as
 * Tomcat's leak prevention does. Only JDK types cross the loader boundary.
 */
public final class ReloadableWebapp implements Function<String, AutoCloseable> {
    @Override
    public AutoCloseable apply(String url) {
        try {
            Class.forName("org.postgresql.Driver"); // registers this loader's copy of the driver, as a WAR's does
            List<DataSource> pools = new ArrayList<>();

            com.zaxxer.hikari.HikariConfig hikari = new com.zaxxer.hikari.HikariConfig();
            hikari.setPoolName("reload-hikari");
            hikari.setJdbcUrl(url);
            hikari.setUsername("postgres");
            hikari.setMaximumPoolSize(2);
            hikari.setMinimumIdle(1);
            pools.add(new com.zaxxer.hikari.HikariDataSource(hikari));

            org.apache.commons.dbcp2.BasicDataSource dbcp = new org.apache.commons.dbcp2.BasicDataSource();
            dbcp.setUrl(url);
            dbcp.setUsername("postgres");
            dbcp.setMaxTotal(2);
            pools.add(dbcp);

            org.apache.tomcat.jdbc.pool.PoolProperties p = new org.apache.tomcat.jdbc.pool.PoolProperties();
            p.setUrl(url);
            p.setUsername("postgres");
            p.setMaxActive(2);
            p.setMaxIdle(2);
            p.setMinIdle(1);
            p.setInitialSize(1);
            pools.add(new org.apache.tomcat.jdbc.pool.DataSource(p));

            for (DataSource pool : pools) {
                try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement("SELECT 1")) {
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                    }
                }
            }
            return () -> {
                for (DataSource pool : pools) {
                    pool.getClass().getMethod("close").invoke(pool); // Tomcat JDBC's is not AutoCloseable
                }
                pools.clear();
                ClassLoader mine = ReloadableWebapp.class.getClassLoader();
                for (Enumeration<Driver> e = DriverManager.getDrivers(); e.hasMoreElements(); ) {
                    Driver d = e.nextElement();
                    if (d.getClass().getClassLoader() == mine) {
                        DriverManager.deregisterDriver(d);
                    }
                }
            };
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.vitals.it.jdbc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * A child application with several pools on one database, each of at most 2 connections, none named unless a spec
 * says so. It uses no Vitals API. Arguments: {@code <jdbc url> <user> <password> <pool spec>...}, a spec being
 * {@code tomcat-dbcp2}, {@code dbcp2}, {@code tomcat}, {@code hikari} or {@code c3p0}, optionally {@code =name}.
 * Prints {@code multipool listening on <port>}.
 *
 * <p>Paths (GET): {@code /q?pool=<i>&n=<k>} runs {@code k} SELECTs on pool {@code i}, each on a connection of its
 * own; {@code /close?pool=<i>} closes pool {@code i} and drops it.
 */
public final class MultiPoolApp {
    private MultiPoolApp() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        String password = args[2];
        DataSource[] pools = new DataSource[args.length - 3];
        for (int i = 3; i < args.length; i++) {
            String[] spec = args[i].split("=", 2);
            pools[i - 3] = pool(spec[0], spec.length > 1 ? spec[1] : null, url, user, password);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/q", ex -> answer(ex, () -> {
            Map<String, String> q = query(ex);
            DataSource ds = pools[Integer.parseInt(q.get("pool"))];
            int n = Integer.parseInt(q.get("n"));
            for (int k = 0; k < n; k++) {
                try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement("SELECT ? AS v")) {
                    s.setInt(1, k);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                    }
                }
            }
            return "ok";
        }));
        server.createContext("/close", ex -> answer(ex, () -> {
            int i = Integer.parseInt(query(ex).get("pool"));
            pools[i].getClass().getMethod("close").invoke(pools[i]); // Tomcat JDBC's is not AutoCloseable
            pools[i] = null;
            return "closed";
        }));
        server.start();
        System.out.println("multipool listening on " + server.getAddress().getPort());
    }

    static DataSource pool(String kind, String name, String url, String user, String password) {
        switch (kind) {
            case "tomcat-dbcp2": {
                org.apache.tomcat.dbcp.dbcp2.BasicDataSource ds = new org.apache.tomcat.dbcp.dbcp2.BasicDataSource();
                ds.setUrl(url);
                ds.setUsername(user);
                ds.setPassword(password);
                ds.setMaxTotal(2);
                return ds;
            }
            case "dbcp2": {
                org.apache.commons.dbcp2.BasicDataSource ds = new org.apache.commons.dbcp2.BasicDataSource();
                ds.setUrl(url);
                ds.setUsername(user);
                ds.setPassword(password);
                ds.setMaxTotal(2);
                return ds;
            }
            case "tomcat": {
                org.apache.tomcat.jdbc.pool.PoolProperties p = new org.apache.tomcat.jdbc.pool.PoolProperties();
                if (name != null) {
                    p.setName(name);
                }
                p.setUrl(url);
                p.setUsername(user);
                p.setPassword(password);
                p.setMaxActive(2);
                p.setMaxIdle(2);
                p.setInitialSize(1);
                p.setMinIdle(1);
                return new org.apache.tomcat.jdbc.pool.DataSource(p);
            }
            case "hikari": {
                com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
                if (name != null) {
                    config.setPoolName(name);
                }
                config.setJdbcUrl(url);
                config.setUsername(user);
                config.setPassword(password);
                config.setMaximumPoolSize(2);
                config.setMinimumIdle(1);
                return new com.zaxxer.hikari.HikariDataSource(config);
            }
            case "c3p0": {
                com.mchange.v2.c3p0.ComboPooledDataSource ds = new com.mchange.v2.c3p0.ComboPooledDataSource();
                if (name != null) {
                    ds.setDataSourceName(name);
                }
                ds.setJdbcUrl(url);
                ds.setUser(user);
                ds.setPassword(password);
                ds.setMaxPoolSize(2);
                ds.setMinPoolSize(1);
                ds.setInitialPoolSize(1);
                ds.setAcquireIncrement(1);
                return ds;
            }
            default:
                throw new IllegalArgumentException(kind);
        }
    }

    interface Action {
        String run() throws Exception;
    }

    private static void answer(HttpExchange ex, Action action) throws IOException {
        int status = 200;
        String body;
        try {
            body = action.run();
        } catch (SQLException e) {
            status = 500;
            body = "sql error " + e.getSQLState() + " " + e.getMessage();
        } catch (Exception e) {
            status = 500;
            body = e.toString();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                String[] p = kv.split("=", 2);
                q.put(p[0], p.length > 1 ? p[1] : "");
            }
        }
        return q;
    }
}

package dev.vitals.it.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.commons.dbcp2.BasicDataSource;

import javax.sql.DataSource;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The application under test, run in a child JVM with the real agent: an embedded Tomcat whose servlet uses a real
 * JDBC driver behind a real pool. It uses no Vitals API. Arguments: {@code <jdbc url> <user> <password>
 * <hikari|dbcp2|tomcat|tomcat-dbcp2|c3p0|ucp> <max pool size> <connection timeout ms>}. Prints {@code dbapp listening on <port>}.
 *
 * <p>Paths (GET): {@code /setup?table=}, {@code /work?table=&n=}, {@code /secret?table=}, {@code /missing},
 * {@code /slowreq?table=}, {@code /hold?threads=&millis=}, {@code /ping}.
 */
public final class DbApp {
    /** Literals planted in SQL text; they must never leave the process. */
    public static final String PLANTED_STRING = "planted-literal-4417";
    public static final String PLANTED_NUMBER = "918273645";

    private DbApp() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        DataSource ds = pool(args[3], url, args[1], args[2], Integer.parseInt(args[4]), Long.parseLong(args[5]));
        String system = url.startsWith("jdbc:postgresql") ? "postgresql" : url.startsWith("jdbc:mariadb") ? "mariadb" : "h2";
        if (system.equals("h2")) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE ALIAS IF NOT EXISTS VITALS_SLEEP FOR 'java.lang.Thread.sleep'");
            }
        }
        Tomcat tomcat = new Tomcat();
        File base = Files.createTempDirectory("dbapp-tomcat").toFile();
        tomcat.setBaseDir(base.getAbsolutePath());
        Connector connector = new Connector();
        connector.setPort(0);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.getAbsolutePath());
        Tomcat.addServlet(context, "db", new DbServlet(ds, system));
        // One mapping per page: under a path mapping (/*) every page's route would be /{value}.
        for (String page : new String[] {"/setup", "/work", "/secret", "/missing", "/slowreq", "/hold", "/flood", "/ping"}) {
            context.addServletMappingDecoded(page, "db");
        }
        tomcat.start();
        System.out.println("dbapp listening on " + connector.getLocalPort());
        tomcat.getServer().await();
    }

    static DataSource pool(String kind, String url, String user, String password, int max, long timeoutMillis) {
        switch (kind) {
            case "hikari": {
                HikariConfig config = new HikariConfig();
                config.setPoolName("it-hikari");
                config.setJdbcUrl(url);
                config.setUsername(user);
                config.setPassword(password);
                config.setMaximumPoolSize(max);
                config.setMinimumIdle(1);
                config.setConnectionTimeout(timeoutMillis);
                config.setValidationTimeout(Math.max(250, timeoutMillis / 2));
                return new HikariDataSource(config);
            }
            case "dbcp2": {
                BasicDataSource ds = new BasicDataSource();
                ds.setUrl(url);
                ds.setUsername(user);
                ds.setPassword(password);
                ds.setMaxTotal(max);
                ds.setMaxWait(Duration.ofMillis(timeoutMillis));
                return ds;
            }
            case "tomcat": {
                org.apache.tomcat.jdbc.pool.PoolProperties p = new org.apache.tomcat.jdbc.pool.PoolProperties();
                p.setName("it-tomcat");
                p.setUrl(url);
                p.setUsername(user);
                p.setPassword(password);
                p.setMaxActive(max);
                p.setMaxIdle(max);
                p.setInitialSize(1);
                p.setMinIdle(1);
                p.setMaxWait((int) timeoutMillis);
                return new org.apache.tomcat.jdbc.pool.DataSource(p);
            }
            case "tomcat-dbcp2": {
                // Tomcat's bundled copy, as a JNDI <Resource> creates it; no name: Vitals derives one from URL and user.
                org.apache.tomcat.dbcp.dbcp2.BasicDataSource ds = new org.apache.tomcat.dbcp.dbcp2.BasicDataSource();
                ds.setUrl(url);
                ds.setUsername(user);
                ds.setPassword(password);
                ds.setMaxTotal(max);
                ds.setMaxWait(Duration.ofMillis(timeoutMillis));
                return ds;
            }
            case "c3p0": {
                com.mchange.v2.c3p0.ComboPooledDataSource ds = new com.mchange.v2.c3p0.ComboPooledDataSource();
                ds.setDataSourceName("it-c3p0");
                ds.setJdbcUrl(url);
                ds.setUser(user);
                ds.setPassword(password);
                ds.setMaxPoolSize(max);
                ds.setMinPoolSize(1);
                ds.setInitialPoolSize(1);
                ds.setAcquireIncrement(1);
                ds.setCheckoutTimeout((int) timeoutMillis);
                return ds;
            }
            case "ucp": {
                // Oracle UCP pools any JDBC driver; here pgjdbc, so the pool is tested without an Oracle database.
                oracle.ucp.jdbc.PoolDataSource ds = oracle.ucp.jdbc.PoolDataSourceFactory.getPoolDataSource();
                try {
                    ds.setConnectionPoolName("it-ucp");
                    ds.setConnectionFactoryClassName("org.postgresql.Driver");
                    ds.setURL(url);
                    ds.setUser(user);
                    ds.setPassword(password);
                    ds.setInitialPoolSize(1);
                    ds.setMinPoolSize(1);
                    ds.setMaxPoolSize(max);
                    ds.setConnectionWaitDuration(Duration.ofMillis(timeoutMillis));
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
                return ds;
            }
            default:
                throw new IllegalArgumentException(kind);
        }
    }

    static final class DbServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient DataSource ds;
        private final String system;

        DbServlet(DataSource ds, String system) {
            this.ds = ds;
            this.system = system;
        }

        private String sleep(int millis) {
            switch (system) {
                case "postgresql":
                    return "pg_sleep(" + (millis / 1000.0) + ")";
                case "mariadb":
                    return "SLEEP(" + (millis / 1000.0) + ")";
                default:
                    return "VITALS_SLEEP(" + millis + ")";
            }
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String table = req.getParameter("table") == null ? "jdbcit_items" : req.getParameter("table");
            String out;
            try {
                out = switch (req.getPathInfo() == null ? req.getServletPath() : req.getServletPath() + req.getPathInfo()) {
                    case "/setup" -> setup(table);
                    case "/work" -> work(table, Integer.parseInt(req.getParameter("n")));
                    case "/secret" -> secret(table);
                    case "/missing" -> missing();
                    case "/slowreq" -> slowRequest(table);
                    case "/hold" -> hold(Integer.parseInt(req.getParameter("threads")), Long.parseLong(req.getParameter("millis")));
                    case "/flood" -> flood(Integer.parseInt(req.getParameter("n")));
                    case "/ping" -> "pong";
                    default -> null;
                };
            } catch (SQLException e) {
                resp.setStatus(500);
                resp.getWriter().write("sql error " + e.getSQLState());
                return;
            }
            if (out == null) {
                resp.setStatus(404);
                return;
            }
            resp.setContentType("text/plain");
            resp.getWriter().write(out);
        }

        private String setup(String table) throws SQLException {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + table);
                s.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, name VARCHAR(100), qty INT)");
            }
            return "ok";
        }

        /** Per call with n: INSERT n, SELECT n + 1, UPDATE 1, DELETE 1 (one batch), all on the given table. */
        private String work(String table, int n) throws SQLException {
            try (Connection c = ds.getConnection()) {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE id >= ?")) {
                    // Not counted below: clears what an earlier call inserted. Counted as DELETE (see the test).
                    delete.setInt(1, 0);
                    delete.addBatch();
                    delete.executeBatch();
                }
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " (id, name, qty) VALUES (?, ?, ?)");
                     PreparedStatement select = c.prepareStatement("SELECT name, qty FROM " + table + " WHERE id = ?")) {
                    for (int i = 0; i < n; i++) {
                        insert.setInt(1, i);
                        insert.setString(2, "item-" + i);
                        insert.setInt(3, i * 2);
                        insert.executeUpdate();
                        select.setInt(1, i);
                        try (ResultSet rs = select.executeQuery()) {
                            rs.next();
                        }
                    }
                }
                try (PreparedStatement update = c.prepareStatement("UPDATE " + table + " SET qty = qty + 1 WHERE id < ?")) {
                    update.setInt(1, n);
                    update.executeUpdate();
                }
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    return Integer.toString(rs.getInt(1));
                }
            }
        }

        /** Literals in a slow plain statement, in a prepared statement's text and in a failing statement. */
        private String secret(String table) throws SQLException {
            try (Connection c = ds.getConnection()) {
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT " + sleep(250) + " AS s, (SELECT COUNT(*) FROM " + table
                             + " WHERE name = '" + PLANTED_STRING + "' AND qty = " + PLANTED_NUMBER + ") AS c")) {
                    rs.next();
                }
                try (PreparedStatement p = c.prepareStatement("SELECT id FROM " + table + " WHERE name = '"
                        + PLANTED_STRING + "' OR qty = " + PLANTED_NUMBER + " OR id = ?")) {
                    p.setInt(1, -1);
                    try (ResultSet rs = p.executeQuery()) {
                        rs.next();
                    }
                }
                try (Statement s = c.createStatement()) {
                    s.executeQuery("SELECT * FROM jdbcit_missing_table WHERE secret = '" + PLANTED_STRING + "'");
                } catch (SQLException expected) {
                    // counted by its SQLState
                }
            }
            return "ok";
        }

        private String missing() throws SQLException {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.executeQuery("SELECT * FROM jdbcit_no_such_table");
                return "unexpected";
            } catch (SQLException e) {
                return e.getSQLState();
            }
        }

        /** A slow request whose time is mostly two statements in the database. */
        private String slowRequest(String table) throws SQLException {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                for (int i = 0; i < 2; i++) {
                    try (ResultSet rs = s.executeQuery("SELECT " + sleep(300) + " AS s")) {
                        rs.next();
                    }
                }
            }
            return "ok";
        }

        /** {@code n} distinct SQL texts, each on a table of its own that does not exist, with literals in them. */
        private String flood(int n) throws SQLException {
            int failed = 0;
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                for (int i = 0; i < n; i++) {
                    try {
                        s.executeQuery("SELECT * FROM jdbcit_flood_" + i + " WHERE name = 'flood-" + i + "'");
                    } catch (SQLException expected) {
                        failed++;
                    }
                }
            }
            return Integer.toString(failed);
        }

        /** Starts threads that each hold a connection for a while; returns at once. */
        private String hold(int threads, long millis) {
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(() -> {
                    try (Connection c = ds.getConnection()) {
                        System.out.println("hold: got " + (c.isClosed() ? "a closed" : "a") + " connection");
                        Thread.sleep(millis);
                    } catch (SQLException e) {
                        System.out.println("hold: " + e.getClass().getSimpleName() + " " + e.getSQLState());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "holder-" + i);
                t.start();
            }
            return "started " + threads;
        }
    }
}

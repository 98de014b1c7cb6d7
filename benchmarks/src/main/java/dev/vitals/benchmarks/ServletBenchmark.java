package dev.vitals.benchmarks;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import dev.vitals.bootstrap.servlet.ServerHooks;
import dev.vitals.bootstrap.servlet.ServerRecorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * One servlet request through a real container: embedded Tomcat 10.1 (jakarta.servlet) on a loopback port,
 * called over a kept-alive HTTP/1.1 connection. One operation is the whole round trip the benchmark thread
 * sees: write the request, Tomcat's NIO connector parses it, runs the filter chain and the servlet (which
 * answers {@code 200 ok} with a Content-Length), and the response is read back. Whatever an agent does on
 * that path (servlet advice, route templating, the histogram record, context propagation, span creation) is
 * inside the operation; its ns/op over no agent is the added latency of a request.
 *
 * <p>B/op is allocation in every thread of the JVM (JMH's {@code -prof gc} reads all threads), so Tomcat's
 * worker and poller threads count; the client allocates nothing per request ({@link RawHttpConnection}).
 * Loopback round trips make the error bars wide on a shared machine: compare medians over several forks.
 *
 * <p>The path has an id in it ({@code /api/orders/12345}) so that route normalisation runs, as it would for a
 * real application.
 *
 * <p>{@code requestWithJdbc} is the same request whose servlet also runs one H2 query (a prepared
 * {@code executeQuery} by primary key, as in {@link JdbcBenchmark}). Some agents record a database call only
 * inside a request (the Elastic APM agent creates exit spans only within a transaction), so this is where the
 * JDBC cost of every agent shows: compare {@code requestWithJdbc - request} across agents.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class ServletBenchmark {
    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);
    /** Held strongly: {@link Logger} keeps configured loggers only weakly. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    private Tomcat tomcat;
    private int port;
    private Connection db;

    /** The servlet: the smallest real answer, so the request path itself is what is measured. */
    public static final class OkServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setStatus(200);
            resp.setContentType("text/plain");
            resp.setContentLength(OK.length);
            resp.getOutputStream().write(OK);
        }
    }

    /** The servlet of {@code requestWithJdbc}: one query per request, then the same answer. */
    public static final class QueryServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient PreparedStatement query;
        private long id;

        QueryServlet(PreparedStatement query) {
            this.query = query;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            long price;
            // One client connection means one request at a time; the lock only guards the shared statement.
            synchronized (this) {
                id = id % JdbcBenchmark.ROWS + 1;
                try {
                    query.setLong(1, id);
                    try (ResultSet rs = query.executeQuery()) {
                        price = rs.next() ? rs.getLong(3) : -1;
                    }
                } catch (SQLException e) {
                    throw new IOException(e);
                }
            }
            resp.setStatus(price > 0 ? 200 : 404);
            resp.setContentType("text/plain");
            resp.setContentLength(OK.length);
            resp.getOutputStream().write(OK);
        }
    }

    /** One connection per benchmark thread. */
    @State(Scope.Thread)
    public static class Client {
        final byte[] request = RawHttpConnection.get("/api/orders/12345");
        final byte[] requestWithJdbc = RawHttpConnection.get("/db/products/12345");
        RawHttpConnection connection;

        @Setup(Level.Trial)
        public void connect(ServletBenchmark bench) throws IOException {
            connection = new RawHttpConnection("127.0.0.1", bench.port, 10_000);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            connection.close();
        }
    }

    @Setup(Level.Trial)
    public void start() throws IOException, LifecycleException, SQLException, InterruptedException {
        BootstrapApi.awaitAgentsHook("dev.vitals.bootstrap.servlet.ServerHooks");
        db = JdbcBenchmark.openDatabase();
        TOMCAT_LOG.setLevel(java.util.logging.Level.WARNING);
        tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("bench-tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        // Keep the one connection open for the whole run (Tomcat closes it after 100 requests by default).
        connector.setProperty("maxKeepAliveRequests", "-1");
        tomcat.setConnector(connector); // adds it to the service
        StandardContext context = (StandardContext) tomcat.addContext("", null);
        // Leak detection at stop needs --add-opens and only prints warnings here; the JVM exits after the trial.
        context.setClearReferencesObjectStreamClassCaches(false);
        context.setClearReferencesRmiTargets(false);
        context.setClearReferencesThreadLocals(false);
        Tomcat.addServlet(context, "ok", new OkServlet());
        context.addServletMappingDecoded("/api/*", "ok");
        Tomcat.addServlet(context, "query", new QueryServlet(db.prepareStatement(JdbcBenchmark.QUERY)));
        context.addServletMappingDecoded("/db/*", "query");
        tomcat.start();
        port = connector.getLocalPort();
    }

    @TearDown(Level.Trial)
    public void stop() throws LifecycleException, SQLException {
        tomcat.stop();
        tomcat.destroy();
        db.close();
    }

    /**
     * What Vitals' servlet advice hands to its recorder per request, without the container: {@code begin} and
     * {@code end} for a path whose normalised route is known ({@code /api/orders/{id}}). The real recorder with
     * the Vitals agent, the no-op without it (and with the other agents), so its ns/op over no agent is Vitals'
     * own time per request, which the loopback round trip of {@link #request} buries in noise.
     */
    @Benchmark
    public void recordRequest() {
        ServerRecorder recorder = ServerHooks.recorder();
        long start = recorder.begin("GET");
        recorder.end("GET", "/api/orders/12345", "", null, null, null, null, null, 200, null, start);
    }

    @Benchmark
    public int request(Client client) throws IOException {
        int status = client.connection.exchange(client.request);
        if (status != 200) {
            throw new IllegalStateException("status " + status);
        }
        return status;
    }

    @Benchmark
    public int requestWithJdbc(Client client) throws IOException {
        int status = client.connection.exchange(client.requestWithJdbc);
        if (status != 200) {
            throw new IllegalStateException("status " + status);
        }
        return status;
    }
}

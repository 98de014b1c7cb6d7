package dev.vitals.benchmarks;

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

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * A JDBC query on H2 in memory (no network, so what an agent adds is a large share of the call):
 * <ul>
 *   <li>{@code executeQuery}: a PreparedStatement prepared once, then {@code setLong}, {@code executeQuery},
 *       {@code next}, {@code getLong} and close of the ResultSet per operation (an application with a statement
 *       cache, or a loop);</li>
 *   <li>{@code prepareExecuteClose}: {@code prepareStatement} on an open connection, execute, read, close per
 *       operation (the common hand-written DAO; agents that capture the SQL text at prepare time pay here).</li>
 * </ul>
 * The connection comes from {@link DriverManager}, not a pool, so pool instrumentation is not in this figure.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class JdbcBenchmark {
    static final String QUERY = "SELECT id, name, price_cents FROM bench_products WHERE id = ?";
    static final int ROWS = 100;

    private Connection connection;
    private PreparedStatement prepared;
    private long id;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        connection = openDatabase();
        prepared = connection.prepareStatement(QUERY);
    }

    /** A connection to the in-memory database holding {@link #ROWS} products. */
    static Connection openDatabase() throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1", "sa", "");
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_products (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL,"
                    + " price_cents BIGINT NOT NULL)");
            s.execute("DELETE FROM bench_products");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO bench_products VALUES (?, ?, ?)")) {
            for (int i = 1; i <= ROWS; i++) {
                insert.setLong(1, i);
                insert.setString(2, "product " + i);
                insert.setLong(3, 100L * i);
                insert.executeUpdate();
            }
        }
        return connection;
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        prepared.close();
        connection.close();
    }

    private long nextId() {
        id = id % ROWS + 1;
        return id;
    }

    @Benchmark
    public long executeQuery() throws SQLException {
        prepared.setLong(1, nextId());
        try (ResultSet rs = prepared.executeQuery()) {
            return rs.next() ? rs.getLong(3) : -1;
        }
    }

    @Benchmark
    public long prepareExecuteClose() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(QUERY)) {
            s.setLong(1, nextId());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(3) : -1;
            }
        }
    }
}

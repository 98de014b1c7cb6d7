package dev.vitals.bootstrap.jdbc;

/**
 * What JDBC and connection-pool advice reports. The agent installs its implementation with
 * {@link JdbcHooks#install}; until then (and with the agent off) the no-op answers.
 *
 * <p>Arguments are the application's own objects typed as {@code Object}: bootstrap classes cannot see
 * {@code java.sql} (the platform class loader defines it), and must never hold application objects. Implementations
 * must be thread-safe, must not keep strong references to these objects, must not allocate when a prepared
 * statement is executed again, and may throw: advice suppresses every {@code Throwable}.
 */
public interface JdbcRecorder {
    /** No-op used before the agent installs its recorder. */
    JdbcRecorder NOOP = new JdbcRecorder() {
    };

    /**
     * {@code Connection.prepareStatement(sql, ...)} or {@code prepareCall(sql, ...)} returned {@code statement}
     * (outermost call on this thread only, so a pool proxy and the driver's statement are not both seen).
     */
    default void prepared(Object connection, Object statement, String sql) {
    }

    /**
     * A statement finished executing ({@code execute*} or {@code executeBatch}); outermost call only.
     *
     * @param sql        the SQL passed to the call, or null for a prepared statement or a batch
     * @param startNanos {@link System#nanoTime()} at entry
     * @param thrown     what the call threw, or null
     */
    default void executed(Object statement, String sql, long startNanos, Throwable thrown) {
    }

    /** {@code DataSource.getConnection} was entered (outermost call only): a client now waits for a connection. */
    default void acquiring(Object dataSource) {
    }

    /**
     * {@code DataSource.getConnection} returned {@code connection} or threw {@code thrown}; pairs with
     * {@link #acquiring(Object)}.
     */
    default void acquired(Object dataSource, Object connection, long startNanos, Throwable thrown) {
    }

    /** A JNDI lookup of {@code name} returned {@code object} (any object: the recorder keeps data sources only). */
    default void lookedUp(Object object, String name) {
    }
}

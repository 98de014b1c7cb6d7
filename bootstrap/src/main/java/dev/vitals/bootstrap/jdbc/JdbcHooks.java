package dev.vitals.bootstrap.jdbc;

/**
 * The static entry point that JDBC statement and connection-pool advice calls. One volatile field, written
 * by the agent at install: reading it takes no lock and allocates nothing.
 */
public final class JdbcHooks {
    private static volatile JdbcRecorder recorder = JdbcRecorder.NOOP;

    private JdbcHooks() {
    }

    public static JdbcRecorder recorder() {
        return recorder;
    }

    /** Installs the agent's recorder; {@code null} restores the no-op. */
    public static void install(JdbcRecorder r) {
        recorder = r == null ? JdbcRecorder.NOOP : r;
    }
}

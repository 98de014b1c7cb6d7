package dev.vitals.bootstrap.jdbc;

import dev.vitals.bootstrap.FirstUse;

/**
 * The static entry point that JDBC statement and connection-pool advice calls. One volatile field, written
 * by the agent when it wires its database recorder (at the first call here, or once the application's start is over):
 * reading it takes no lock and allocates nothing.
 */
public final class JdbcHooks {
    private static volatile JdbcRecorder recorder = JdbcRecorder.NOOP;
    private static final FirstUse FIRST_USE = new FirstUse();

    private JdbcHooks() {
    }

    public static JdbcRecorder recorder() {
        JdbcRecorder r = recorder;
        if (r == JdbcRecorder.NOOP) {
            FIRST_USE.run();
            r = recorder;
        }
        return r;
    }

    /**
     * A JNDI lookup's result, passed on only when it is a data source: a container's own lookups at its start (a
     * user database, an environment entry) then leave the recorder unwired ({@link #wireOnFirstUse}).
     */
    public static void lookedUp(Object result, String name) {
        if (result instanceof javax.sql.DataSource) {
            recorder().lookedUp(result, name);
        }
    }

    /** Installs the agent's recorder; {@code null} restores the no-op. */
    public static void install(JdbcRecorder r) {
        recorder = r == null ? JdbcRecorder.NOOP : r;
    }

    /** The agent's wiring of this hook's recorder, run by the first call that finds none; null once it has run. */
    public static void wireOnFirstUse(Runnable wiring) {
        FIRST_USE.set(wiring);
    }
}

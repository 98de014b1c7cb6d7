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
        Class<?> dataSource = DataSourceType.TYPE;
        if (dataSource != null && dataSource.isInstance(result)) {
            recorder().lookedUp(result, name);
        }
    }

    /**
     * {@code javax.sql.DataSource}, looked up once. Not named in the code: this class is defined in the boot loader,
     * and {@code java.sql} belongs to the platform class loader, which the boot loader cannot see.
     */
    private static final class DataSourceType {
        static final Class<?> TYPE = load();

        private static Class<?> load() {
            try {
                return Class.forName("javax.sql.DataSource", false, ClassLoader.getPlatformClassLoader());
            } catch (Throwable t) {
                return null; // a runtime without java.sql has no data source to name
            }
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

package dev.vitals.agent.database;

import java.lang.reflect.Method;

/**
 * Reads a connection pool's state by reflection, lazily (at scrape or endpoint time), from a pool object Vitals
 * captured when the application asked it for a connection: HikariCP's {@code HikariDataSource} (through its
 * {@code HikariPoolMXBean}), Apache DBCP2's {@code BasicDataSource} and Tomcat JDBC's {@code DataSourceProxy}.
 * Methods are resolved once per pool class ({@link #of(Class)}); the reader holds no pool object.
 *
 * <p>Thread-safe. Every read returns {@code null} when the pool cannot be read (closed, not started, or a version
 * whose methods differ); callers then show what Vitals measured itself.
 */
abstract class PoolReader {
    /** Pool state at one instant; {@code -1} for a figure the pool does not report. */
    static final class State {
        final int active;
        final int idle;
        final int total;
        final int max;
        final int waiting;

        State(int active, int idle, int total, int max, int waiting) {
            this.active = active;
            this.idle = idle;
            this.total = total;
            this.max = max;
            this.waiting = waiting;
        }
    }

    private static final ClassValue<PoolReader> READERS = new ClassValue<PoolReader>() {
        @Override
        protected PoolReader computeValue(Class<?> type) {
            return create(type);
        }
    };

    /** The reader for a data source class: a pool reader, or {@link #NONE} for a data source that is no known pool. */
    static PoolReader of(Class<?> type) {
        return READERS.get(type);
    }

    static final PoolReader NONE = new PoolReader("datasource", null, null) {
        @Override
        State read(Object pool) {
            return null;
        }
    };

    /** {@code HikariCP}, {@code DBCP2}, {@code Tomcat JDBC} or {@code datasource}. */
    final String kind;
    /** The pool's name getter, or null when it has none. */
    private final Method nameGetter;
    /** The pool's {@code isClosed}, or null when it has none. */
    private final Method closedGetter;

    PoolReader(String kind, Method nameGetter, Method closedGetter) {
        this.kind = kind;
        this.nameGetter = nameGetter;
        this.closedGetter = closedGetter;
    }

    boolean isPool() {
        return this != NONE;
    }

    /** The pool's state, or null when it cannot be read. */
    abstract State read(Object pool);

    /** The pool's own name, or empty. */
    final String name(Object pool) {
        if (nameGetter == null) {
            return "";
        }
        try {
            Object n = nameGetter.invoke(pool);
            return n == null ? "" : n.toString();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "";
        }
    }

    final boolean closed(Object pool) {
        return boolOf(closedGetter, pool);
    }

    private static PoolReader create(Class<?> type) {
        try {
            if (subtypeOf(type, "com.zaxxer.hikari.HikariDataSource")) {
                return new Hikari(type);
            }
            if (subtypeOf(type, "org.apache.commons.dbcp2.BasicDataSource")) {
                return new Dbcp2(type);
            }
            if (subtypeOf(type, "org.apache.tomcat.jdbc.pool.DataSourceProxy")) {
                return new TomcatJdbc(type);
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // A version with other method names: no gauges, the rest still works.
        }
        return NONE;
    }

    private static boolean subtypeOf(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    static int intOf(Method m, Object target) throws ReflectiveOperationException {
        Object v = m.invoke(target);
        return v instanceof Number ? ((Number) v).intValue() : -1;
    }

    static boolean boolOf(Method m, Object target) {
        try {
            return m != null && Boolean.TRUE.equals(m.invoke(target));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static final class Hikari extends PoolReader {
        private final Method mxBean;
        private final Method active;
        private final Method idle;
        private final Method total;
        private final Method waiting;
        private final Method max;

        Hikari(Class<?> type) throws ReflectiveOperationException {
            super("HikariCP", type.getMethod("getPoolName"), type.getMethod("isClosed"));
            Class<?> bean = Class.forName("com.zaxxer.hikari.HikariPoolMXBean", false, type.getClassLoader());
            mxBean = type.getMethod("getHikariPoolMXBean");
            active = bean.getMethod("getActiveConnections");
            idle = bean.getMethod("getIdleConnections");
            total = bean.getMethod("getTotalConnections");
            waiting = bean.getMethod("getThreadsAwaitingConnection");
            max = type.getMethod("getMaximumPoolSize");
        }

        @Override
        State read(Object pool) {
            try {
                Object b = mxBean.invoke(pool);
                int m = intOf(max, pool);
                if (b == null) {
                    return new State(0, 0, 0, m, 0);
                }
                return new State(intOf(active, b), intOf(idle, b), intOf(total, b), m, intOf(waiting, b));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }


    }

    private static final class Dbcp2 extends PoolReader {
        private final Method active;
        private final Method idle;
        private final Method max;

        Dbcp2(Class<?> type) throws ReflectiveOperationException {
            super("DBCP2", null, type.getMethod("isClosed"));
            active = type.getMethod("getNumActive");
            idle = type.getMethod("getNumIdle");
            max = type.getMethod("getMaxTotal");
        }

        @Override
        State read(Object pool) {
            try {
                int a = intOf(active, pool);
                int i = intOf(idle, pool);
                // BasicDataSource does not expose its waiters; the caller uses the threads Vitals sees waiting.
                return new State(a, i, a + i, intOf(max, pool), -1);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

    }

    private static final class TomcatJdbc extends PoolReader {
        private final Method active;
        private final Method idle;
        private final Method size;
        private final Method max;
        private final Method waitCount;

        // getName is the configured name; getPoolName fails until the pool is created inside getConnection.
        TomcatJdbc(Class<?> type) throws ReflectiveOperationException {
            super("Tomcat JDBC", type.getMethod("getName"), null);
            active = type.getMethod("getActive");
            idle = type.getMethod("getIdle");
            size = type.getMethod("getSize");
            max = type.getMethod("getMaxActive");
            waitCount = type.getMethod("getWaitCount");
        }

        @Override
        State read(Object pool) {
            try {
                return new State(intOf(active, pool), intOf(idle, pool), intOf(size, pool), intOf(max, pool),
                        intOf(waitCount, pool));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

    }
}

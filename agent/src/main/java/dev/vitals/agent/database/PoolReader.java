package dev.vitals.agent.database;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a data source's configuration and, for a known pool, its state by reflection, lazily (at scrape, endpoint or
 * check time), from a data source Vitals captured when the application asked it for a connection: HikariCP's
 * {@code HikariDataSource} (through its {@code HikariPoolMXBean}), Apache DBCP2's {@code BasicDataSource}, Tomcat's
 * bundled copy of it ({@code org.apache.tomcat.dbcp.dbcp2}), Tomcat JDBC's {@code DataSourceProxy}, c3p0's
 * {@code AbstractPoolBackedDataSource} ({@code ComboPooledDataSource}) and Oracle UCP's {@code PoolDataSourceImpl}.
 * Any other data source gets a reader that knows only its URL and user (read through {@code getUrl}-style getters).
 *
 * <p><b>Never revives a closed pool.</b> Tomcat JDBC's gauges ({@code getActive()} and the rest) and c3p0's
 * ({@code getNum*DefaultUser()}) create the pool again when it was closed, with new physical connections that nobody
 * would close. Their readers read the pool object behind the data source instead, and report nothing once it is gone.
 *
 * <p>Methods are resolved once per class ({@link #of(Class)}, a {@link ClassValue}, so the reader lives as long as the
 * class and holds no class loader longer than that). A reader holds no data source; callers must not keep a reader
 * either (it references the application's classes): they look it up again from the live data source.
 *
 * <p>Thread-safe. A read returns {@code null} when the pool cannot be read (closed, not started, or a version whose
 * methods differ); callers then show what Vitals measured itself.
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

    /** Names pools give themselves when the user set none: a counter or an identity hash, different every run. */
    private static final Pattern HIKARI_AUTO = Pattern.compile("HikariPool-\\d+");
    private static final String TOMCAT_AUTO = "Tomcat Connection Pool[";

    /** The reader for a data source class: a pool reader, or a plain one for a data source that is no known pool. */
    static PoolReader of(Class<?> type) {
        return READERS.get(type);
    }

    /** A data source that is no known pool, with no URL getters: for URL sources and the overflow source. */
    static final PoolReader NONE = new Plain(null, null);

    /** {@code HikariCP}, {@code DBCP2}, {@code Tomcat DBCP2}, {@code Tomcat JDBC}, {@code c3p0}, {@code UCP} or {@code datasource}. */
    final String kind;
    private final Method nameGetter;
    private final Method urlGetter;
    private final Method userGetter;

    PoolReader(String kind, Method nameGetter, Method urlGetter, Method userGetter) {
        this.kind = kind;
        this.nameGetter = nameGetter;
        this.urlGetter = urlGetter;
        this.userGetter = userGetter;
    }

    boolean isPool() {
        return true;
    }

    /** The pool's state, or null when it cannot be read (or it is closed). Never creates a pool or a connection. */
    abstract State read(Object pool);

    /** Whether the pool was closed by the application. Never creates a pool. */
    abstract boolean closed(Object pool);

    /** The name the user gave the pool, or empty when none was given (names the pool made up are left out). */
    String configuredName(Object pool) {
        return string(nameGetter, pool);
    }

    /**
     * The data sources the pool opens its physical connections through, often from its own threads (c3p0's
     * connection-pool data source and the driver data source under it): their connections are the pool's.
     */
    List<Object> nested(Object pool) {
        return java.util.Collections.emptyList();
    }

    /** The JDBC URL the data source is configured with, or empty. */
    final String url(Object pool) {
        return string(urlGetter, pool);
    }

    /** The database user the data source is configured with, or empty. */
    final String user(Object pool) {
        return string(userGetter, pool);
    }

    private static PoolReader create(Class<?> type) {
        try {
            if (subtypeOf(type, "com.zaxxer.hikari.HikariDataSource")) {
                return new Hikari(type);
            }
            if (subtypeOf(type, "org.apache.commons.dbcp2.BasicDataSource")) {
                return new Dbcp2("DBCP2", type, "org.apache.commons.dbcp2.BasicDataSource");
            }
            if (subtypeOf(type, "org.apache.tomcat.dbcp.dbcp2.BasicDataSource")) {
                return new Dbcp2("Tomcat DBCP2", type, "org.apache.tomcat.dbcp.dbcp2.BasicDataSource");
            }
            if (subtypeOf(type, "org.apache.tomcat.jdbc.pool.DataSourceProxy")) {
                return new TomcatJdbc(type);
            }
            if (subtypeOf(type, "com.mchange.v2.c3p0.impl.AbstractPoolBackedDataSource")) {
                return new C3p0(type);
            }
            if (subtypeOf(type, "oracle.ucp.jdbc.PoolDataSourceImpl")) {
                return new Ucp(type);
            }
            Class<?> pooling = superNamed(type, "org.apache.commons.dbcp2.PoolingDataSource");
            if (pooling == null) {
                pooling = superNamed(type, "org.apache.tomcat.dbcp.dbcp2.PoolingDataSource");
            }
            if (pooling != null) {
                return new DbcpPooling(type, pooling);
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // A version with other method names: no gauges, the rest still works.
        }
        return new Plain(getter(type, "getUrl", "getURL", "getJdbcUrl"), getter(type, "getUser", "getUsername", "getUserName"));
    }

    private static Class<?> superNamed(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static boolean subtypeOf(Class<?> type, String name) {
        return superNamed(type, name) != null;
    }

    /** The first public no-argument method of these names returning a String, or null. */
    static Method getter(Class<?> type, String... names) {
        for (String n : names) {
            try {
                Method m = type.getMethod(n);
                if (m.getReturnType() == String.class && !Modifier.isStatic(m.getModifiers())) {
                    return m;
                }
            } catch (NoSuchMethodException | LinkageError | RuntimeException e) {
                // try the next name
            }
        }
        return null;
    }

    /** A declared field of the class {@code owner} (a superclass of {@code type}), made readable. */
    private static Field field(Class<?> type, String owner, String name) throws ReflectiveOperationException {
        Class<?> c = superNamed(type, owner);
        if (c == null) {
            throw new NoSuchFieldException(owner);
        }
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    static String string(Method m, Object target) {
        if (m == null || target == null) {
            return "";
        }
        try {
            Object v = m.invoke(target);
            return v == null ? "" : v.toString();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return "";
        }
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

    /** Any other data source: no pool figures, only its URL and user when it has getters for them. */
    private static final class Plain extends PoolReader {
        Plain(Method url, Method user) {
            super("datasource", null, url, user);
        }

        @Override
        boolean isPool() {
            return false;
        }

        @Override
        State read(Object pool) {
            return null;
        }

        @Override
        boolean closed(Object pool) {
            return false;
        }
    }

    /**
     * DBCP2's {@code PoolingDataSource}, the data source inside a {@code BasicDataSource}. It is seen on its own when
     * its {@code BasicDataSource} was loaded before the agent's transformer was in place (and so called it without
     * advice): no figures, but it must still say when its pool was closed, or its check would fail until it is
     * collected. Reads the pool behind it, never creating one.
     */
    private static final class DbcpPooling extends PoolReader {
        private final Field pool;

        DbcpPooling(Class<?> type, Class<?> pooling) throws ReflectiveOperationException {
            super("datasource", null, getter(type, "getUrl"), getter(type, "getUsername"));
            pool = pooling.getDeclaredField("pool");
            pool.setAccessible(true);
        }

        @Override
        boolean isPool() {
            return false;
        }

        @Override
        State read(Object dataSource) {
            return null;
        }

        @Override
        boolean closed(Object dataSource) {
            try {
                Object objectPool = pool.get(dataSource);
                return objectPool != null && boolOf(objectPool.getClass().getMethod("isClosed"), objectPool);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return false;
            }
        }
    }

    private static final class Hikari extends PoolReader {
        private final Method closed;
        private final Method mxBean;
        private final Method active;
        private final Method idle;
        private final Method total;
        private final Method waiting;
        private final Method max;

        Hikari(Class<?> type) throws ReflectiveOperationException {
            super("HikariCP", type.getMethod("getPoolName"), type.getMethod("getJdbcUrl"), type.getMethod("getUsername"));
            Class<?> bean = Class.forName("com.zaxxer.hikari.HikariPoolMXBean", false, type.getClassLoader());
            closed = type.getMethod("isClosed");
            mxBean = type.getMethod("getHikariPoolMXBean");
            active = bean.getMethod("getActiveConnections");
            idle = bean.getMethod("getIdleConnections");
            total = bean.getMethod("getTotalConnections");
            waiting = bean.getMethod("getThreadsAwaitingConnection");
            max = type.getMethod("getMaximumPoolSize");
        }

        @Override
        String configuredName(Object pool) {
            String n = super.configuredName(pool);
            return HIKARI_AUTO.matcher(n).matches() ? "" : n;
        }

        @Override
        boolean closed(Object pool) {
            return boolOf(closed, pool);
        }

        @Override
        State read(Object pool) {
            try {
                // getHikariPoolMXBean is null until the pool starts and never starts one.
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

    /** Apache DBCP2 and Tomcat's repackaged copy, which have the same methods. */
    private static final class Dbcp2 extends PoolReader {
        private final Method closed;
        private final Method active;
        private final Method idle;
        private final Method max;
        /** The protected {@code getConnectionPool()}, for the pool's waiters; null when not accessible. */
        private final Method connectionPool;
        private volatile Method waiters;

        Dbcp2(String kind, Class<?> type, String base) throws ReflectiveOperationException {
            super(kind, null, type.getMethod("getUrl"), type.getMethod("getUsername"));
            closed = type.getMethod("isClosed");
            active = type.getMethod("getNumActive");
            idle = type.getMethod("getNumIdle");
            max = type.getMethod("getMaxTotal");
            Method cp = null;
            try {
                cp = superNamed(type, base).getDeclaredMethod("getConnectionPool");
                cp.setAccessible(true);
            } catch (ReflectiveOperationException | RuntimeException e) {
                cp = null; // waiters are then the threads Vitals sees in getConnection
            }
            connectionPool = cp;
        }

        @Override
        boolean closed(Object pool) {
            return boolOf(closed, pool);
        }

        @Override
        State read(Object pool) {
            try {
                // getNumActive and getNumIdle read the current pool and answer 0 when there is none.
                int a = intOf(active, pool);
                int i = intOf(idle, pool);
                return new State(a, i, a + i, intOf(max, pool), waiters(pool));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        private int waiters(Object pool) {
            try {
                Object p = connectionPool == null ? null : connectionPool.invoke(pool);
                if (p == null) {
                    return -1;
                }
                Method w = waiters;
                if (w == null) {
                    w = p.getClass().getMethod("getNumWaiters");
                    waiters = w;
                }
                return intOf(w, p);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return -1;
            }
        }
    }

    private static final class TomcatJdbc extends PoolReader {
        /** {@code DataSourceProxy.pool}: null before the first connection and after {@code close()}. */
        private final Field poolField;
        private final Method max;
        private volatile Method[] poolMethods;

        // getName is the configured name; getPoolName fails until the pool is created inside getConnection.
        TomcatJdbc(Class<?> type) throws ReflectiveOperationException {
            super("Tomcat JDBC", type.getMethod("getName"), type.getMethod("getUrl"), type.getMethod("getUsername"));
            poolField = field(type, "org.apache.tomcat.jdbc.pool.DataSourceProxy", "pool");
            max = type.getMethod("getMaxActive");
        }

        @Override
        String configuredName(Object pool) {
            String n = super.configuredName(pool);
            return n.startsWith(TOMCAT_AUTO) ? "" : n;
        }

        private Object connectionPool(Object pool) {
            try {
                return poolField.get(pool);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        /** getActive, getIdle, getSize, getWaitCount, isClosed of the ConnectionPool class. */
        private Method[] methods(Object cp) throws ReflectiveOperationException {
            Method[] m = poolMethods;
            if (m == null) {
                Class<?> c = cp.getClass();
                m = new Method[] {c.getMethod("getActive"), c.getMethod("getIdle"), c.getMethod("getSize"),
                    c.getMethod("getWaitCount"), c.getMethod("isClosed")};
                poolMethods = m;
            }
            return m;
        }

        @Override
        boolean closed(Object pool) {
            Object cp = connectionPool(pool);
            try {
                return cp == null || boolOf(methods(cp)[4], cp);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return false;
            }
        }

        @Override
        State read(Object pool) {
            // Never DataSourceProxy.getActive() and friends: each calls createPool(), which opens a closed pool again.
            Object cp = connectionPool(pool);
            if (cp == null) {
                return null;
            }
            try {
                Method[] m = methods(cp);
                return new State(intOf(m[0], cp), intOf(m[1], cp), intOf(m[2], cp), intOf(max, pool), intOf(m[3], cp));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    }

    private static final class C3p0 extends PoolReader {
        private static final String BASE = "com.mchange.v2.c3p0.impl.AbstractPoolBackedDataSource";
        /** The pool manager: null before the first connection and after {@code close()}. */
        private final Field manager;
        private final Field isClosed;
        private final Method identityToken;
        private final Method max;
        private volatile Method[] managerMethods;

        C3p0(Class<?> type) throws ReflectiveOperationException {
            super("c3p0", type.getMethod("getDataSourceName"), getter(type, "getJdbcUrl"), getter(type, "getUser"));
            manager = field(type, BASE, "poolManager");
            isClosed = field(type, BASE, "is_closed");
            identityToken = type.getMethod("getIdentityToken");
            max = type.getMethod("getMaxPoolSize");
        }

        @Override
        String configuredName(Object pool) {
            // c3p0 names a data source by its identity token unless the user set dataSourceName.
            String n = super.configuredName(pool);
            return n.equals(string(identityToken, pool)) ? "" : n;
        }

        @Override
        List<Object> nested(Object pool) {
            List<Object> nested = new java.util.ArrayList<>(2);
            try {
                Object wrapper = pool.getClass().getMethod("getConnectionPoolDataSource").invoke(pool);
                if (wrapper != null) {
                    nested.add(wrapper);
                    Object driver = wrapper.getClass().getMethod("getNestedDataSource").invoke(wrapper);
                    if (driver != null) {
                        nested.add(driver);
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // another c3p0 layout: its own threads' statements count for their URL
            }
            return nested;
        }

        @Override
        boolean closed(Object pool) {
            try {
                return Boolean.TRUE.equals(isClosed.get(pool));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return false;
            }
        }

        @Override
        State read(Object pool) {
            // Never the data source's getNum*DefaultUser(): they create the pool manager again after close().
            try {
                Object m = closed(pool) ? null : manager.get(pool);
                if (m == null) {
                    return null;
                }
                Method[] mm = managerMethods;
                if (mm == null) {
                    Class<?> c = m.getClass();
                    mm = new Method[] {c.getMethod("getNumBusyConnectionsAllAuths"),
                        c.getMethod("getNumIdleConnectionsAllAuths"), c.getMethod("getNumConnectionsAllAuths"),
                        c.getMethod("getPool")};
                    managerMethods = mm;
                }
                int waiting = -1;
                Object defaultPool = mm[3].invoke(m);
                if (defaultPool != null) {
                    waiting = intOf(defaultPool.getClass().getMethod("getNumThreadsAwaitingCheckout"), defaultPool);
                }
                return new State(intOf(mm[0], m), intOf(mm[1], m), intOf(mm[2], m), intOf(max, pool), waiting);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    }

    private static final class Ucp extends PoolReader {
        private static final Pattern UCP_AUTO = Pattern.compile("UCP_\\d+|[0-9a-f]{8,}");
        private final Method borrowed;
        private final Method available;
        private final Method max;
        private final Method statistics;
        private volatile Method pending;

        Ucp(Class<?> type) throws ReflectiveOperationException {
            super("UCP", type.getMethod("getConnectionPoolName"), type.getMethod("getURL"), type.getMethod("getUser"));
            borrowed = type.getMethod("getBorrowedConnectionsCount");
            available = type.getMethod("getAvailableConnectionsCount");
            max = type.getMethod("getMaxPoolSize");
            statistics = type.getMethod("getStatistics");
        }

        @Override
        String configuredName(Object pool) {
            String n = super.configuredName(pool);
            return UCP_AUTO.matcher(n).matches() ? "" : n;
        }

        @Override
        boolean closed(Object pool) {
            // A UCP pool destroyed through its manager has no statistics any more.
            try {
                return statistics.invoke(pool) == null;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return false;
            }
        }

        @Override
        State read(Object pool) {
            try {
                Object stats = statistics.invoke(pool);
                if (stats == null) {
                    return null;
                }
                int b = intOf(borrowed, pool);
                int a = intOf(available, pool);
                int waiting = -1;
                try {
                    Method p = pending;
                    if (p == null) {
                        p = stats.getClass().getMethod("getPendingRequestsCount");
                        p.setAccessible(true);
                        pending = p;
                    }
                    waiting = intOf(p, stats);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    waiting = -1;
                }
                return new State(b, a, a + b, intOf(max, pool), waiting);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    }
}

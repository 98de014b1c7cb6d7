package dev.vitals.agent.database;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.log.Log;
import dev.vitals.agent.metrics.MetricDescriptor;
import dev.vitals.bootstrap.CallDepth;
import dev.vitals.agent.metrics.CounterFamily;
import dev.vitals.agent.metrics.MetricRegistry;
import dev.vitals.bootstrap.RequestScope;
import dev.vitals.agent.metrics.SeriesFamily;
import dev.vitals.agent.metrics.Timer;
import dev.vitals.agent.metrics.TimerFamily;
import dev.vitals.agent.metrics.WindowConfig;
import dev.vitals.bootstrap.jdbc.JdbcHooks;
import dev.vitals.bootstrap.jdbc.JdbcRecorder;
import dev.vitals.exporter.prometheus.MetricsSink;
import dev.vitals.exporter.prometheus.MetricsSource;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Records what JDBC and pool advice report, and holds what {@code /health/database}, the database health check and
 * the pool gauges read.
 *
 * <p><b>Hot path.</b> A prepared statement executed again costs one {@link WeakIdentityTable} lookup (statement to
 * its {@link Prepared}, registered when it was prepared), one {@code Timer.record} into its
 * {@value #OPERATION} series and the per-request breakdown
 * ({@link RequestScope#addDatabase}). Nothing is allocated, no lock taken, no SQL parsed.
 *
 * <p><b>Everything else</b> (preparing, {@code Statement.execute(sql)}, failures, slow statements, acquiring a
 * connection) resolves SQL through the data source's bounded two-generation cache, and allocates at most small
 * entries. SQL is reduced once per distinct text ({@link SqlReducer}); operation and table pairs beyond
 * {@code limits.sql} become {@code _other}; the statement, connection and data-source tables are fixed-size and weak.
 * So any number of distinct SQL texts leaves memory and the series count bounded.
 *
 * <p><b>Labels.</b> {@value #OPERATION} has {@code db_system_name}, {@code db_operation_name},
 * {@code db_collection_name}, {@code db_namespace} and {@code error_type}. A successful statement has
 * {@code error_type="none"} (the registry stores an empty value as {@code unknown}, which would read as an error of
 * unknown kind); a failed one has its SQLState, or the exception's simple class name when the driver gives none.
 *
 * <p>Thread-safe throughout.
 */
public final class DatabaseMetrics implements JdbcRecorder, MetricsSource {
    public static final String OPERATION = "db_client_operation_duration_seconds";
    public static final String WAIT = "db_client_connection_wait_time_seconds";
    /** Counter family name; the exposition adds {@code _total}. */
    public static final String TIMEOUTS = "db_client_connection_timeouts";
    public static final String USAGE = "db_client_connections_usage";
    public static final String MAX = "db_client_connection_max";
    public static final String PENDING = "db_client_connection_pending_requests";
    /** {@code error_type} of a statement that succeeded. */
    public static final String SUCCESS = "none";
    static final int MAX_SOURCES = 64;
    /** Statements tracked at once; beyond that the oldest are evicted and execute as {@code OTHER}. */
    static final int STATEMENT_SLOTS = 1 << 14;
    static final int CONNECTION_SLOTS = 1 << 13;
    /** Longest SQL text kept as a cache key; longer texts are reduced on every execution. */
    static final int MAX_CACHED_SQL = 8_192;
    /**
     * Data sources that pools use underneath to open physical connections, often from their own threads: no pool of
     * their own (Hikari's, c3p0's and UCP's driver adapters).
     */
    private static final Set<String> NOT_POOLS = new java.util.HashSet<>(java.util.Arrays.asList(
            "com.zaxxer.hikari.util.DriverDataSource", "com.mchange.v2.c3p0.DriverManagerDataSource",
            "com.mchange.v2.c3p0.WrapperConnectionPoolDataSource", "oracle.ucp.jdbc.DataSourceConnectionFactoryAdapter",
            "oracle.ucp.jdbc.DriverConnectionFactoryAdapter"));
    /** Longest pool name kept as a label value. */
    static final int MAX_NAME = 100;

    private static final JdbcUrl UNKNOWN_URL = JdbcUrl.parse(null);

    private final TimerFamily operations;
    /** Per source: wait and timeouts, exported for live pools only (by {@link #collect}), so a closed pool's go away. */
    private final TimerFamily waits;
    private final CounterFamily timeouts;
    /** Per source, operation, table and outcome ({@code ok} or {@code error}): each data source's own statements. */
    private final TimerFamily queries;
    private final TimerFamily failures;
    private final TimerFamily acquireTimeouts;
    private final TimerFamily acquireErrors;
    private final TimerFamily unexposedWaits;
    private final CounterFamily unexposedTimeouts;
    private final WeakIdentityTable<Source> dataSources = new WeakIdentityTable<>(256);
    /** The data sources a pool opens its physical connections through ({@link PoolReader#nested}), to their pool. */
    private final WeakIdentityTable<Source> nestedOwners = new WeakIdentityTable<>(256);
    /** JNDI names data sources were looked up by, for naming their pools. */
    private final WeakIdentityTable<String> jndiNames = new WeakIdentityTable<>(256);
    private final WeakIdentityTable<Source> connections = new WeakIdentityTable<>(CONNECTION_SLOTS);
    private final WeakIdentityTable<Prepared> statements = new WeakIdentityTable<>(STATEMENT_SLOTS);
    private final Map<String, Source> urlSources = new ConcurrentHashMap<>();
    private final List<Source> sources = new CopyOnWriteArrayList<>();
    private final Map<String, Boolean> pairs = new ConcurrentHashMap<>();
    private final int pairLimit;
    private final int sqlCacheSize;
    private final long slowNanos;
    private final SlowQueries slow;
    private final StatementTable statementTable;
    private final Consumer<Source> onNewPool;
    /** Told when a pooled source is removed (closed or collected); the checks unregister its check. */
    volatile Consumer<Source> onGone;
    private final Source overflow;
    /** The source whose {@code getConnection} runs on this thread: statements a pool runs inside it are the pool's. */
    private final ThreadLocal<Source> acquiringSource = new ThreadLocal<>();

    DatabaseMetrics(MetricRegistry registry, int sqlLimit, int statementLimit, int sqlCacheSize, long slowThresholdMillis,
                    int slowCapacity, Consumer<Source> onNewPool) {
        this.statementTable = new StatementTable(statementLimit);
        this.operations = registry.timerFamily(OPERATION, Math.max(sqlLimit * 4, 256),
                "db_system_name", "db_operation_name", "db_collection_name", "db_namespace", "error_type");
        // Per-source figures for the endpoint, the score and the pool metrics: internal families, which the registry
        // does not export; collect() exports the pool ones for live pools only, so a closed pool's series go away.
        this.waits = registry.internalTimerFamily(WAIT, MAX_SOURCES, "pool_name");
        this.timeouts = registry.internalCounterFamily(TIMEOUTS, MAX_SOURCES, "pool_name");
        this.queries = registry.internalTimerFamily("vitals_db_queries", Math.max(sqlLimit * 4, 512),
                "source", "operation", "table", "outcome");
        this.failures = registry.internalTimerFamily("vitals_db_failures", MAX_SOURCES * 16, "source", "error_type");
        this.acquireTimeouts = registry.internalTimerFamily("vitals_db_acquire_timeouts", MAX_SOURCES, "source");
        this.acquireErrors = registry.internalTimerFamily("vitals_db_acquire_errors", MAX_SOURCES, "source");
        // URL sources (DriverManager connections) have no pool: their figures stay out of the pool metrics.
        this.unexposedWaits = registry.internalTimerFamily("vitals_db_url_waits", MAX_SOURCES + 1, "source");
        this.unexposedTimeouts = registry.internalCounterFamily("vitals_db_url_timeouts", MAX_SOURCES + 1, "source");
        this.pairLimit = sqlLimit;
        this.sqlCacheSize = sqlCacheSize;
        this.slowNanos = slowThresholdMillis * 1_000_000L;
        this.slow = new SlowQueries(slowCapacity);
        this.onNewPool = onNewPool;
        this.overflow = newSource(SeriesFamily.OTHER, PoolReader.NONE, null, JdbcUrl.parse(null));
    }

    /**
     * Builds the recorder from the configuration, installs it in {@link JdbcHooks}, and registers the pool gauges,
     * {@code /health/database} and (as pools appear) their health checks. Called once, from
     * {@link DatabaseFeature#wire}.
     */
    public static DatabaseMetrics install(AgentContext context) {
        Config config = context.config();
        DatabaseChecks checks = new DatabaseChecks(context);
        DatabaseMetrics metrics = new DatabaseMetrics(context.registry(), config.get(Keys.LIMIT_SQL),
                config.get(Keys.LIMIT_STATEMENTS), config.get(Keys.DATABASE_SQL_CACHE), config.get(Keys.DATABASE_SLOW_THRESHOLD),
                config.get(Keys.DATABASE_SLOW_CAPACITY), checks::register);
        checks.metrics = metrics;
        context.registryMetrics().describe(OPERATION, new MetricDescriptor(
                "Duration of database client operations (JDBC statements; Redis commands).", "seconds",
                MetricDescriptor.DURATION_BUCKETS));
        metrics.onGone = checks::unregister;
        context.addMetricsSource(metrics);
        DatabaseEndpoint endpoint = new DatabaseEndpoint(context, metrics);
        context.addEndpoints(endpoint);
        context.addEndpoints(new StatementsEndpoint(metrics));
        context.stream().registerGroup("database", endpoint.streamGroup());
        context.health().addScore("database", endpoint::score);
        JdbcHooks.install(metrics);
        return metrics;
    }

    // ---- JdbcRecorder: called from advice on application threads ----

    @Override
    public void prepared(Object connection, Object statement, String sql) {
        if (sql == null) {
            return;
        }
        Source s = sourceOfConnection(connection);
        statements.put(statement, resolve(s, sql));
    }

    @Override
    public void executed(Object statement, String sql, long startNanos, Throwable thrown) {
        long nanos = System.nanoTime() - startNanos;
        Prepared p;
        if (sql != null) {
            p = resolve(sourceOfStatement(statement), sql);
        } else {
            p = statements.get(statement);
            if (p == null) {
                p = unknown(sourceOfStatement(statement));
            }
        }
        record(p, nanos, thrown);
    }

    @Override
    public void acquiring(Object dataSource) {
        Source s = sourceOfDataSource(dataSource);
        if (s != null) {
            s.pending.increment();
            acquiringSource.set(s);
        }
    }

    @Override
    public void acquired(Object dataSource, Object connection, long startNanos, Throwable thrown) {
        long nanos = System.nanoTime() - startNanos;
        acquiringSource.set(null);
        Source s = dataSources.get(dataSource);
        if (s == null) {
            // A physical connection a pool opened through its nested data source (c3p0, on its helper threads): its
            // statements (c3p0's connection tests) are the pool's, not a DriverManager connection's.
            Source owner = nestedOwners.get(dataSource);
            if (owner != null && connection != null && thrown == null) {
                connections.put(connection, owner);
            }
            return;
        }
        s.pending.decrement();
        s.wait.record(nanos);
        if (thrown == null) {
            s.acquisitions.increment();
            if (!s.opened) {
                s.opened = true;
            }
            if (connection != null) {
                connections.put(connection, s);
                if (s.url == null) {
                    s.url = urlOf(connection);
                }
                // The driver's connection underneath is the pool's too: Tomcat JDBC's java.lang.reflect.Proxy
                // connections are not instrumented, so it is what prepares and executes; and pools run their own
                // statements on it (c3p0's connection tests, on its helper threads).
                registerUnwrapped(connection, s);
            }
        } else if (isTimeout(thrown)) {
            s.timeoutsTotal.increment();
            s.acquireTimeouts.record(nanos);
        } else {
            s.acquireErrors.record(nanos);
        }
    }

    @Override
    public void lookedUp(Object object, String name) {
        if (name != null && object instanceof javax.sql.DataSource && dataSources.get(object) == null) {
            jndiNames.put(object, jndiName(name));
        }
    }

    /** {@code java:comp/env/jdbc/shop} is {@code jdbc/shop}, as the application's resource reference names it. */
    static String jndiName(String name) {
        String n = name.trim();
        return n.startsWith("java:comp/env/") ? n.substring("java:comp/env/".length()) : n;
    }

    // ---- recording ----

    private void record(Prepared p, long nanos, Throwable thrown) {
        Source s = p.source;
        String error = null;
        if (thrown == null) {
            Timer success = p.success;
            Timer own = p.sourceSuccess;
            if (success == null || own == null) {
                JdbcUrl url = s.url != null ? s.url : UNKNOWN_URL;
                success = operations.get(url.system, p.operationLabel, p.tableLabel, url.namespace, SUCCESS);
                own = queries.get(s.name, p.operationLabel, p.tableLabel, "ok");
                p.success = success;
                p.sourceSuccess = own;
            }
            success.record(nanos);
            own.record(nanos);
        } else {
            error = errorType(thrown);
            JdbcUrl url = s.url != null ? s.url : UNKNOWN_URL;
            operations.get(url.system, p.operationLabel, p.tableLabel, url.namespace, error).record(nanos);
            queries.get(s.name, p.operationLabel, p.tableLabel, "error").record(nanos);
            failures.get(s.name, error).record(nanos);
        }
        p.stats.record(nanos, thrown != null, System.currentTimeMillis());
        RequestScope.current().addDatabase(nanos);
        if (nanos >= slowNanos) {
            slow.add(new SlowQueries.Entry(System.currentTimeMillis(), s.name, p.shape.operation, p.shape.table,
                    p.shape.sanitized, nanos, error));
        }
    }

    /** The statement's resolution for {@code sql} on source {@code s}: cached, or reduced now and cached. */
    Prepared resolve(Source s, String sql) {
        Prepared p = s.cached(sql);
        if (p != null) {
            return p;
        }
        JdbcUrl url = s.url != null ? s.url : UNKNOWN_URL;
        p = newPrepared(s, SqlReducer.reduce(sql, url.doubleQuotedStrings()));
        if (sql.length() <= MAX_CACHED_SQL) {
            s.cache(sql, p);
        }
        return p;
    }

    private Prepared newPrepared(Source s, SqlReducer.Shape shape) {
        String op = shape.operation;
        String table = shape.table;
        String pair = op + ' ' + table;
        if (!pairs.containsKey(pair)) {
            if (pairs.size() < pairLimit) {
                pairs.putIfAbsent(pair, Boolean.TRUE);
            } else {
                op = SeriesFamily.OTHER;
                table = SeriesFamily.OTHER;
            }
        }
        return new Prepared(s, shape, op, table, statementTable.get(s.name, shape));
    }

    private Prepared unknown(Source s) {
        Prepared p = s.unknownStatement;
        if (p == null) {
            p = newPrepared(s, new SqlReducer.Shape("OTHER", "", "(a statement prepared before Vitals saw it)"));
            s.unknownStatement = p;
        }
        return p;
    }

    static String errorType(Throwable t) {
        if (t instanceof SQLException) {
            String state = ((SQLException) t).getSQLState();
            if (state != null && !state.isEmpty() && state.length() <= 8 && state.chars().allMatch(Character::isLetterOrDigit)) {
                return state;
            }
        }
        return t.getClass().getSimpleName();
    }

    static boolean isTimeout(Throwable thrown) {
        Throwable t = thrown;
        for (int depth = 0; t != null && depth < 6; depth++, t = t.getCause()) {
            if (t instanceof SQLTimeoutException || t instanceof SQLTransientConnectionException
                    || t instanceof java.util.concurrent.TimeoutException || t.getClass().getName().endsWith("PoolExhaustedException")) {
                return true;
            }
            String m = t.getMessage();
            if (m != null) {
                String lower = m.toLowerCase(Locale.ROOT);
                if (lower.contains("timeout") || lower.contains("timed out")) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---- sources ----

    /** The source of a data source, created on its first use; null for data sources that are no pool of their own. */
    private Source sourceOfDataSource(Object dataSource) {
        Source s = dataSources.get(dataSource);
        if (s != null) {
            return s;
        }
        if (NOT_POOLS.contains(dataSource.getClass().getName())) {
            return null;
        }
        Source created;
        synchronized (this) {
            s = dataSources.get(dataSource);
            if (s != null) {
                return s;
            }
            PoolReader reader = PoolReader.of(dataSource.getClass());
            created = liveCount() >= MAX_SOURCES ? overflow
                    : newSource(uniqueName(poolName(reader, dataSource)), reader, dataSource, configuredUrl(reader, dataSource));
            dataSources.put(dataSource, created);
            if (created != overflow) {
                for (Object nested : reader.nested(dataSource)) {
                    nestedOwners.put(nested, created);
                }
            }
        }
        if (created != overflow && onNewPool != null) {
            onNewPool.accept(created);
        }
        return created;
    }

    /**
     * A pool's stable name: the name the user gave it, else the name it was looked up by in JNDI, else one derived
     * from its URL and user ({@code postgresql://app@db:5432/shop}), else its class name. Never an identity hash or
     * a counter the pool made up, so a restarted or redeployed application's pool keeps its series.
     */
    String poolName(PoolReader reader, Object dataSource) {
        String name = reader.configuredName(dataSource).trim();
        if (name.isEmpty()) {
            name = jndiName(dataSource);
        }
        if (name.isEmpty()) {
            name = derivedName(JdbcUrl.parse(emptyToNull(reader.url(dataSource))), reader.user(dataSource));
        }
        if (name.isEmpty()) {
            name = dataSource.getClass().getSimpleName();
        }
        if (name.isEmpty()) {
            name = "datasource";
        }
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }

    /** {@code system://user@server/namespace}, or {@code system:user@namespace} for an embedded database; empty when unknown. */
    static String derivedName(JdbcUrl url, String user) {
        if (url.server.isEmpty() && url.namespace.isEmpty()) {
            return "";
        }
        String u = user == null || user.isEmpty() ? "" : user + "@";
        return url.server.isEmpty() ? url.system + ":" + u + url.namespace
                : url.system + "://" + u + url.server + "/" + url.namespace;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static JdbcUrl configuredUrl(PoolReader reader, Object dataSource) {
        String url = reader.url(dataSource);
        return url.isEmpty() ? null : JdbcUrl.parse(url);
    }

    /** The name the application looked this data source up by in JNDI, or empty. */
    private String jndiName(Object dataSource) {
        String n = jndiNames.get(dataSource);
        return n == null ? "" : n;
    }

    /**
     * {@code name}, or {@code name #2}, {@code #3}, ...: the lowest number no live source uses. A second pool with the
     * same name is told apart by the order it was first used in; a redeployed application's pool, whose predecessor is
     * closed by then, gets its predecessor's name back.
     */
    private String uniqueName(String name) {
        String candidate = name;
        for (int n = 2; nameTaken(candidate); n++) {
            candidate = name + " #" + n;
        }
        return candidate;
    }

    private boolean nameTaken(String name) {
        for (Source s : sources) {
            if (s.name.equals(name) && !s.gone()) {
                return true;
            }
        }
        return false;
    }

    private int liveCount() {
        int n = 0;
        for (Source s : sources) {
            if (!s.gone()) {
                n++;
            }
        }
        return n;
    }

    private Source newSource(String name, PoolReader reader, Object dataSource, JdbcUrl url) {
        boolean pool = dataSource != null;
        Source s = new Source(name, reader, dataSource, url, pool ? waits.get(name) : unexposedWaits.get(name),
                pool ? timeouts.get(name) : unexposedTimeouts.get(name),
                acquireTimeouts.get(name), acquireErrors.get(name), sqlCacheSize,
                (int) (WindowConfig.DEFAULT.spanMillis() / WindowConfig.DEFAULT.sliceMillis()));
        if (!SeriesFamily.OTHER.equals(name)) {
            sources.add(s);
        }
        return s;
    }

    private Source sourceOfConnection(Object connection) {
        Source s = connections.get(connection);
        if (s != null) {
            return s;
        }
        // A connection Vitals was not handed: a pool's physical connection, used inside getConnection (validation
        // queries, init SQL) or behind a proxy, belongs to that pool; any other is a DriverManager connection.
        s = acquiringSource.get();
        if (s == null) {
            s = urlSource(urlOf(connection));
        }
        connections.put(connection, s);
        return s;
    }

    private Source sourceOfStatement(Object statement) {
        Object connection = null;
        if (statement instanceof Statement) {
            CallDepth.enter(CallDepth.JDBC);
            try {
                connection = ((Statement) statement).getConnection();
            } catch (SQLException | RuntimeException e) {
                connection = null;
            } finally {
                CallDepth.exit(CallDepth.JDBC);
            }
        }
        return connection == null ? urlSource(JdbcUrl.parse(null)) : sourceOfConnection(connection);
    }

    private Source urlSource(JdbcUrl url) {
        String key = derivedName(url, "");
        if (key.isEmpty()) {
            key = url.system;
        }
        Source s = urlSources.get(key);
        if (s != null) {
            return s;
        }
        synchronized (this) {
            s = urlSources.get(key);
            if (s == null) {
                s = liveCount() >= MAX_SOURCES ? overflow : newSource(key, PoolReader.NONE, null, url);
                urlSources.put(key, s);
            }
        }
        return s;
    }

    /** The URL of a connection's database, read with statement recording suppressed. */
    private static JdbcUrl urlOf(Object connection) {
        if (!(connection instanceof Connection)) {
            return JdbcUrl.parse(null);
        }
        CallDepth.enter(CallDepth.JDBC);
        try {
            return JdbcUrl.parse(((Connection) connection).getMetaData().getURL());
        } catch (SQLException | RuntimeException e) {
            return JdbcUrl.parse(null);
        } finally {
            CallDepth.exit(CallDepth.JDBC);
        }
    }

    /**
     * Maps the driver's connection behind a proxy connection to the pool. {@code unwrap} may answer the proxy itself
     * (Tomcat JDBC does), so the driver's metadata is asked too: {@code getMetaData().getConnection()} is the
     * connection that made it, which a pool that does not wrap metadata leaves unwrapped.
     */
    private void registerUnwrapped(Object connection, Source s) {
        CallDepth.enter(CallDepth.JDBC);
        try {
            Connection c = (Connection) connection;
            Connection inner = null;
            try {
                inner = c.unwrap(Connection.class);
            } catch (SQLException | RuntimeException e) {
                inner = null;
            }
            if (inner == null || inner == connection || Proxy.isProxyClass(inner.getClass())) {
                inner = c.getMetaData().getConnection();
            }
            if (inner != null && inner != connection) {
                connections.put(inner, s);
            }
        } catch (SQLException | RuntimeException e) {
            // not unwrappable: its statements are attributed by URL instead
        } finally {
            CallDepth.exit(CallDepth.JDBC);
        }
    }

    // ---- read side ----

    /** Live sources, in the order they appeared; pools that were closed or collected are left out. */
    List<Source> sources() {
        List<Source> live = new ArrayList<>();
        for (Source s : sources) {
            if (!s.gone()) {
                live.add(s);
            }
        }
        return live;
    }

    /**
     * Takes pools that were closed or collected out of every list, and tells {@link #onGone} (which unregisters
     * their checks). Runs every rotation (5 s) and whenever a check finds its pool gone. Their series stay in the
     * internal families, bounded by the cap: a redeployed pool of the same name uses them again.
     */
    void sweep() {
        for (Source s : sources) {
            if (s.gone()) {
                remove(s);
            }
        }
    }

    void remove(Source s) {
        if (!sources.remove(s)) {
            return;
        }
        s.removed = true;
        Consumer<Source> gone = onGone;
        if (gone != null) {
            gone.accept(s);
        }
    }

    TimerFamily operations() {
        return operations;
    }

    TimerFamily queries() {
        return queries;
    }

    TimerFamily failures() {
        return failures;
    }

    StatementTable statementTable() {
        return statementTable;
    }

    SlowQueries slow() {
        return slow;
    }

    long slowThresholdNanos() {
        return slowNanos;
    }

    /** Drops closed pools and samples waiting clients; the agent's rotation tick calls it every slice. */
    void sample(long nowMillis) {
        sweep();
        for (Source s : sources) {
            if (!s.gone()) {
                s.sample(nowMillis);
            }
        }
    }

    // ---- for tests and footprint reports ----

    int cachedTexts() {
        int n = 0;
        for (Source s : sources) {
            n += s.cachedTexts();
        }
        return n;
    }

    int trackedStatements() {
        return statements.liveEntries();
    }

    int operationPairs() {
        return pairs.size();
    }

    /**
     * Pool gauges, read now from the captured pool objects, and each live pool's wait histogram and timeouts. A pool
     * that was closed or collected is left out, so its {@code pool_name} series end with it.
     */
    @Override
    public void collect(MetricsSink sink) {
        String[] poolLabel = {"pool_name"};
        String[] usageLabels = {"pool_name", "state"};
        double[] bounds = MetricDescriptor.DURATION_BUCKETS;
        for (Source s : sources()) {
            if (s.urlSource) {
                continue;
            }
            PoolReader.State state = s.poolState();
            String[] pool = {s.name};
            if (state != null) {
                sink.gauge(USAGE, "Connections in the pool by state (OpenTelemetry db.client.connection.count; "
                        + "renamed because Prometheus reserves _count for histograms).", "", usageLabels,
                        new String[] {s.name, "idle"}, Math.max(0, state.idle));
                sink.gauge(USAGE, "", "", usageLabels, new String[] {s.name, "used"}, Math.max(0, state.active));
                if (state.max >= 0) {
                    sink.gauge(MAX, "Largest number of connections the pool allows.", "", poolLabel, pool, state.max);
                }
            }
            sink.gauge(PENDING, "Requests waiting for a connection from the pool right now.", "", poolLabel, pool,
                    s.waitingNow(state));
            long[] cumulative = new long[bounds.length];
            s.wait.lifetimeCumulativeBuckets(bounds, cumulative);
            sink.histogram(WAIT, "Time spent obtaining a connection from a pool (DataSource.getConnection).", "seconds",
                    poolLabel, pool, bounds, cumulative, s.wait.lifetimeSumSeconds(), s.wait.lifetimeCount());
            sink.counter(TIMEOUTS, "Connection requests that timed out waiting for a pooled connection.", "",
                    poolLabel, pool, s.timeoutsTotal.sum());
        }
    }

    /** Logs once that a hook misbehaved; used by the endpoint and the checks. */
    static void warn(String what, Throwable t) {
        Log.warnRateLimited("database:" + what, "database monitoring: " + what + " failed", t);
    }
}

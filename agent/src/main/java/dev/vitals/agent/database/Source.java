package dev.vitals.agent.database;

import dev.vitals.agent.metrics.Counter;
import dev.vitals.agent.metrics.Timer;

import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One data source as {@code /health/database} shows it: a pool (or any {@code DataSource}) the application took
 * connections from, or, for connections from {@code DriverManager}, one database URL. Holds the data source only
 * weakly, so a pool the application drops disappears; holds its figures and its cache of resolved SQL. Holds nothing
 * of the application's classes either (not even its {@link PoolReader}, whose methods would pin the class loader of
 * a discarded web application): the reader is looked up again from the live data source.
 *
 * <p>Thread-safe. The SQL cache has two generations of at most {@code cacheSize} entries each: when the current one
 * is full it becomes the previous one and the older one is dropped, so hot SQL stays while a flood of distinct
 * texts (literals built into SQL) cannot grow it.
 */
final class Source {
    final String name;
    /** The pool kind ({@link PoolReader#kind}), or {@code connection} for a URL source. */
    final String kind;
    final boolean pool;
    /** The data source, or null for a URL source. */
    final WeakReference<Object> dataSource;
    final boolean urlSource;
    volatile JdbcUrl url;

    // Prometheus series (pool_name), and internal windowed timers (per source name). Statement figures are read
    // from db_client_operation_duration_seconds (system and namespace), so executing records into one timer only.
    final Timer wait;
    final Counter timeoutsTotal;
    final Timer acquireTimeouts;
    final Timer acquireErrors;
    final LongAdder pending = new LongAdder();
    final LongAdder acquisitions = new LongAdder();

    private final int cacheSize;
    private volatile ConcurrentHashMap<String, Prepared> current = new ConcurrentHashMap<>();
    private volatile ConcurrentHashMap<String, Prepared> previous = new ConcurrentHashMap<>();
    volatile Prepared unknownStatement;
    volatile Prepared batch;

    /** Waiting clients sampled once per rotation: time and count, in a ring. */
    private final long[] sampleTimes;
    private final int[] sampleWaiting;
    private int sampleNext;

    /** The health check of this source, once registered (pooled sources only). */
    volatile String checkName;
    /** Set once the source was found closed or collected and taken out of every list. */
    volatile boolean removed;
    /**
     * Set by the first connection the pool handed out. Before it, a pool that reads as closed is one not started yet
     * (Tomcat JDBC and c3p0 create theirs in the first {@code getConnection}).
     */
    volatile boolean opened;

    Source(String name, PoolReader reader, Object dataSource, JdbcUrl url, Timer wait, Counter timeoutsTotal,
           Timer acquireTimeouts, Timer acquireErrors, int cacheSize, int samples) {
        this.name = name;
        this.kind = dataSource == null ? "connection" : reader.kind;
        this.pool = reader.isPool();
        this.dataSource = dataSource == null ? null : new WeakReference<>(dataSource);
        this.urlSource = dataSource == null;
        this.url = url;
        this.wait = wait;
        this.timeoutsTotal = timeoutsTotal;
        this.acquireTimeouts = acquireTimeouts;
        this.acquireErrors = acquireErrors;
        this.cacheSize = cacheSize;
        this.sampleTimes = new long[samples];
        this.sampleWaiting = new int[samples];
    }

    /** The cached resolution of {@code sql}, or null. Allocation-free. */
    Prepared cached(String sql) {
        Prepared p = current.get(sql);
        if (p != null) {
            return p;
        }
        p = previous.get(sql);
        if (p != null) {
            cache(sql, p);
        }
        return p;
    }

    void cache(String sql, Prepared p) {
        ConcurrentHashMap<String, Prepared> c = current;
        if (c.size() >= cacheSize) {
            synchronized (this) {
                if (current == c) {
                    previous = c;
                    current = new ConcurrentHashMap<>();
                }
                c = current;
            }
        }
        c.put(sql, p);
    }

    int cachedTexts() {
        return current.size() + previous.size();
    }

    /** The live data source, or null when collected or a URL source. */
    Object dataSourceObject() {
        return dataSource == null ? null : dataSource.get();
    }

    /** The reader of the live data source's class, or {@link PoolReader#NONE}. */
    static PoolReader readerOf(Object ds) {
        return ds == null ? PoolReader.NONE : PoolReader.of(ds.getClass());
    }

    /** Whether a pooled source's data source was collected or closed: it is then no longer shown. */
    boolean gone() {
        if (urlSource) {
            return false;
        }
        if (removed) {
            return true;
        }
        Object ds = dataSource.get();
        return ds == null || (opened && readerOf(ds).closed(ds));
    }

    /** Pool state, or null when this is no readable pool (or it is closed). */
    PoolReader.State poolState() {
        Object ds = dataSourceObject();
        return ds == null || !pool ? null : readerOf(ds).read(ds);
    }

    /** Clients waiting now: the pool's own figure when it has one, else the threads Vitals sees in getConnection. */
    int waitingNow(PoolReader.State state) {
        int own = (int) Math.max(0, pending.sum());
        return state != null && state.waiting >= 0 ? Math.max(state.waiting, 0) : own;
    }

    synchronized void sample(long nowMillis) {
        sampleTimes[sampleNext] = nowMillis;
        sampleWaiting[sampleNext] = waitingNow(poolState());
        sampleNext = (sampleNext + 1) % sampleTimes.length;
    }

    /** {samples in the window, samples with a client waiting, highest waiting count}. */
    synchronized int[] waitingSamples(long sinceMillis) {
        int n = 0;
        int waiting = 0;
        int peak = 0;
        for (int i = 0; i < sampleTimes.length; i++) {
            if (sampleTimes[i] != 0 && sampleTimes[i] >= sinceMillis) {
                n++;
                if (sampleWaiting[i] > 0) {
                    waiting++;
                }
                peak = Math.max(peak, sampleWaiting[i]);
            }
        }
        return new int[] {n, waiting, peak};
    }
}

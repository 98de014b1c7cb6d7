package dev.vitals.agent.database;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.health.CheckResult;
import dev.vitals.agent.health.HealthCheck;
import dev.vitals.bootstrap.CallDepth;

import java.sql.Connection;

/**
 * One health check per data source the application takes connections from, registered when Vitals first sees it
 * hand out a connection, and unregistered when the application closes the pool or drops it (a redeployed web
 * application): a pool that is gone is no dependency any more, so it never makes the service unhealthy. The check of
 * the first live pool is named {@code database}, the others {@code database:<pool name>}; all have the component
 * {@code database}, so {@code health.critical=databases} (the default) makes every one critical.
 */
final class DatabaseChecks {
    private final AgentContext context;
    /** The source whose check is named {@code database}, while it lives. */
    private Source primary;
    volatile DatabaseMetrics metrics;

    DatabaseChecks(AgentContext context) {
        this.context = context;
    }

    void register(Source source) {
        String name;
        synchronized (this) {
            if (primary == null || primary.gone()) {
                if (primary != null) {
                    metrics.remove(primary);
                }
                primary = source;
                name = "database";
            } else {
                name = "database:" + source.name;
            }
            source.checkName = name;
        }
        context.health().register(new DatabaseCheck(name, source, this, context.config().get(Keys.HEALTH_DATABASE_INTERVAL),
                context.config().get(Keys.HEALTH_DATABASE_TIMEOUT)));
    }

    /** Removes the check of a source that was closed or collected. */
    void unregister(Source source) {
        String name = source.checkName;
        synchronized (this) {
            if (primary == source) {
                primary = null;
            }
            if (name == null) {
                return;
            }
            source.checkName = null;
        }
        context.health().registry().unregister(name);
    }

    /** A check found its pool gone: take the source out now rather than at the next sweep. */
    void gone(Source source) {
        DatabaseMetrics m = metrics;
        if (m != null) {
            m.remove(source);
        }
    }

    /**
     * Borrows a connection from the application's own data source and asks {@code Connection.isValid(timeout)}, on
     * a Vitals health thread (never a request thread). Statement and pool recording are suppressed for the check's
     * own calls, so it does not count as application traffic. A pool with every connection in use and clients
     * waiting is reported degraded without borrowing: the check would only join the queue.
     *
     * <p>The borrowed connection goes back at once, so the check holds none between runs. It never asks a closed pool
     * (Tomcat JDBC and c3p0 would open a new pool for it, with connections nobody closes): a pool found closed, or
     * closed while the check ran, is removed with its check instead of being reported unhealthy.
     */
    static final class DatabaseCheck implements HealthCheck {
        private final String name;
        private final Source source;
        private final DatabaseChecks owner;
        private final long intervalMillis;
        private final long timeoutMillis;

        DatabaseCheck(String name, Source source, DatabaseChecks owner, long intervalMillis, long timeoutMillis) {
            this.name = name;
            this.source = source;
            this.owner = owner;
            this.intervalMillis = intervalMillis;
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String component() {
            return "database";
        }

        @Override
        public String componentType() {
            return "datastore";
        }

        /** A pool closed between two runs, or while one ran, never shows its last (failed) result. */
        @Override
        public boolean retired() {
            return source.gone();
        }

        @Override
        public long intervalMillis() {
            return intervalMillis;
        }

        @Override
        public long timeoutMillis() {
            return timeoutMillis;
        }

        @Override
        public CheckResult run() throws Exception {
            Object ds = source.dataSourceObject();
            if (ds == null || source.gone()) {
                return removed();
            }
            PoolReader.State pool = source.poolState();
            int waiting = source.waitingNow(pool);
            if (pool != null && pool.max > 0 && pool.active >= pool.max && pool.idle <= 0 && waiting > 0) {
                return withDetails(CheckResult.degraded("pool exhausted: " + pool.active + "/" + pool.max
                        + " connections in use, " + waiting + " waiting"), pool, waiting, -1);
            }
            long start = System.nanoTime();
            boolean valid;
            CallDepth.enter(CallDepth.POOL);
            CallDepth.enter(CallDepth.JDBC);
            try (Connection c = ((javax.sql.DataSource) ds).getConnection()) {
                valid = c.isValid((int) Math.max(1, timeoutMillis / 1000));
            } catch (Exception e) {
                if (source.gone()) {
                    return removed(); // closed while the check ran
                }
                throw e;
            } finally {
                CallDepth.exit(CallDepth.JDBC);
                CallDepth.exit(CallDepth.POOL);
            }
            double millis = (System.nanoTime() - start) / 1e6;
            CheckResult result = valid ? CheckResult.healthy("Database connection OK")
                    : CheckResult.unhealthy("Connection.isValid returned false");
            return withDetails(result, pool, waiting, millis);
        }

        /** The pool is gone: its check is removed, and this last result is never shown. */
        private CheckResult removed() {
            owner.gone(source);
            return CheckResult.healthy("the data source " + source.name + " was closed; its check is removed");
        }

        private CheckResult withDetails(CheckResult result, PoolReader.State pool, int waiting, double millis) {
            DataSourceView view = new DataSourceView(source, pool, waiting);
            return result.observed(millis < 0 ? 0 : Math.round(millis * 10) / 10.0, "ms")
                    .fields(g -> DataSourceView.writeFields(g, view, DataSourceView.Shape.CHECK));
        }
    }
}

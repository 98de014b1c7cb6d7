package dev.vitals.agent.database;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.health.CheckResult;
import dev.vitals.agent.health.HealthCheck;
import dev.vitals.agent.health.Redaction;
import dev.vitals.bootstrap.CallDepth;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One health check per data source the application takes connections from, registered when Vitals first sees it
 * hand out a connection. The first is named {@code database}, later ones {@code database:<pool name>}; all have the
 * component {@code database}, so {@code health.critical=databases} (the default) makes every one critical.
 */
final class DatabaseChecks {
    private final AgentContext context;
    private final AtomicInteger registered = new AtomicInteger();
    volatile DatabaseMetrics metrics;

    DatabaseChecks(AgentContext context) {
        this.context = context;
    }

    void register(Source source) {
        String name = registered.getAndIncrement() == 0 ? "database" : "database:" + source.name;
        source.checkName = name;
        context.health().register(new DatabaseCheck(name, source, context.config().get(Keys.HEALTH_DATABASE_INTERVAL),
                context.config().get(Keys.HEALTH_DATABASE_TIMEOUT)));
    }

    /**
     * Borrows a connection from the application's own data source and asks {@code Connection.isValid(timeout)}, on
     * a Vitals health thread (never a request thread). Statement and pool recording are suppressed for the check's
     * own calls, so it does not count as application traffic. A pool with every connection in use and clients
     * waiting is reported degraded without borrowing: the check would only join the queue.
     */
    static final class DatabaseCheck implements HealthCheck {
        private final String name;
        private final Source source;
        private final long intervalMillis;
        private final long timeoutMillis;

        DatabaseCheck(String name, Source source, long intervalMillis, long timeoutMillis) {
            this.name = name;
            this.source = source;
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
            if (ds == null) {
                return CheckResult.degraded("the data source " + source.name + " is no longer in use");
            }
            if (source.reader.closed(ds)) {
                return CheckResult.unhealthy("the pool " + source.name + " is closed");
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
            } finally {
                CallDepth.exit(CallDepth.JDBC);
                CallDepth.exit(CallDepth.POOL);
            }
            double millis = (System.nanoTime() - start) / 1e6;
            CheckResult result = valid ? CheckResult.healthy("Database connection OK")
                    : CheckResult.unhealthy("Connection.isValid returned false");
            return withDetails(result, pool, waiting, millis);
        }

        private CheckResult withDetails(CheckResult result, PoolReader.State pool, int waiting, double millis) {
            JdbcUrl url = source.url;
            CheckResult r = result.observed(millis < 0 ? 0 : Math.round(millis * 10) / 10.0, "ms")
                    .detail("dataSource", source.name)
                    .detail("poolType", source.reader.kind);
            if (url != null) {
                r = r.detail("system", url.system).detail("server", url.server).detail("namespace", url.namespace)
                        .detail("url", Redaction.text(url.redacted));
            }
            if (pool != null) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("active", pool.active);
                p.put("idle", pool.idle);
                p.put("total", pool.total);
                p.put("max", pool.max);
                p.put("waiting", waiting);
                r = r.detail("pool", p);
            }
            return r;
        }
    }
}

package dev.vitals.agent.database;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.Feature;

/**
 * JDBC statements and connection pools: the {@link DatabaseMetrics} recorder in {@code JdbcHooks}, the pool gauges,
 * {@code /health/database} and, as pools appear, their health checks.
 */
public final class DatabaseFeature implements Feature {
    private DatabaseMetrics metrics;

    @Override
    public void wire(AgentContext context) {
        metrics = DatabaseMetrics.install(context);
    }

    @Override
    public void tick(long nowMillis) {
        metrics.sample(nowMillis);
    }
}

package dev.vitals.agent.database;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.Feature;
import dev.vitals.bootstrap.jdbc.JdbcHooks;

import java.util.List;
import java.util.function.Consumer;

/**
 * JDBC statements and connection pools: the {@link DatabaseMetrics} recorder in {@code JdbcHooks}, the pool gauges,
 * {@code /health/database} and, as pools appear, their health checks.
 */
public final class DatabaseFeature implements Feature {
    private DatabaseMetrics metrics;

    /** Records only through {@code JdbcHooks}: wired on its first call, or once the start is over. */
    @Override
    public boolean waitsForStartOrFirstUse() {
        return true;
    }

    @Override
    public List<Consumer<Runnable>> firstUseHooks() {
        return List.of(JdbcHooks::wireOnFirstUse);
    }

    @Override
    public void wire(AgentContext context) {
        metrics = DatabaseMetrics.install(context);
    }

    @Override
    public void tick(long nowMillis) {
        metrics.sample(nowMillis);
    }
}

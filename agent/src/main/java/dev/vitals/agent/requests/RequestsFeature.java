package dev.vitals.agent.requests;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.Feature;
import dev.vitals.agent.config.Keys;

/**
 * HTTP server requests: the {@link RequestMetrics} recorder in {@code ServerHooks}, the request endpoints
 * ({@code /health/dashboard}, {@code /health/metrics/*}, {@code /health/slow}, {@code /health/tenants}) and the
 * budget ({@code /health/budget}) with the {@code performance} check. Wired whether or not the servlet module is enabled, so the endpoints stay.
 */
public final class RequestsFeature implements Feature {
    private RequestMetrics metrics;
    private PerformanceCheck performance;

    @Override
    public void wire(AgentContext context) {
        metrics = RequestMetrics.install(context);
        if (context.config().get(Keys.HEALTH_PERFORMANCE_ENABLED)) {
            performance = PerformanceCheck.of(context, metrics, System::currentTimeMillis,
                    context.health().isCritical(PerformanceCheck.NAME, PerformanceCheck.NAME));
            context.health().addScore(PerformanceCheck.NAME, performance::score);
        }
    }

    /** The performance check's first run starts when it is registered, so after wiring. */
    @Override
    public void start(AgentContext context) {
        if (performance != null) {
            context.health().register(performance);
        }
    }

    @Override
    public void tick(long nowMillis) {
        metrics.sample(nowMillis);
    }
}

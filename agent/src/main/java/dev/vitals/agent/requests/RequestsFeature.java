package dev.vitals.agent.requests;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.Feature;

/**
 * HTTP server requests: the {@link RequestMetrics} recorder in {@code ServerHooks}, the request endpoints
 * ({@code /health/dashboard}, {@code /health/metrics/*}, {@code /health/slow}, {@code /health/tenants}) and the
 * budget ({@code /health/budget}). Wired whether or not the servlet module is enabled, so the endpoints stay.
 */
public final class RequestsFeature implements Feature {
    private RequestMetrics metrics;

    @Override
    public void wire(AgentContext context) {
        metrics = RequestMetrics.install(context);
    }

    @Override
    public void tick(long nowMillis) {
        metrics.sample(nowMillis);
    }
}

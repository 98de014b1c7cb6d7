package dev.vitals.agent.health;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.Feature;

/**
 * The health checks every agent has: the system check, {@code /health} and the probes, availability sampling.
 * Other features register their checks on {@link AgentContext#health()}.
 */
public final class HealthFeature implements Feature {
    /** Records nothing while the application starts: wired once the start is over. */
    @Override
    public boolean waitsForStartOrFirstUse() {
        return true;
    }

    @Override
    public void wire(AgentContext context) {
        context.health().register(new SystemCheck(context.process()));
        context.addMetricsSource(context.health());
        context.addEndpoints(new HealthEndpoints(context, context.health()));
    }

    @Override
    public void start(AgentContext context) {
        // The checks registered while the application started (this system check, its pools) run from now on.
        context.health().registry().start();
        context.health().startAvailabilityTracking(context.scheduler());
    }
}

package dev.vitals.agent.alerts;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.Feature;

/**
 * Alert rules, evaluation and notifications (see {@link AlertEngine#install}). Started, not wired: it reads the
 * stored rules. Publishes the engine and the {@code AlertHistory} that performance reports list.
 */
public final class AlertsFeature implements Feature {
    /** Records nothing while the application starts: wired once the start is over. */
    @Override
    public boolean waitsForStartOrFirstUse() {
        return true;
    }

    @Override
    public void wire(AgentContext context) {
    }

    @Override
    public void start(AgentContext context) {
        AlertEngine.install(context);
    }
}

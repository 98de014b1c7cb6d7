package dev.vitals.agent.history;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.Feature;

/**
 * Rollups on disk and {@code /reports/performance} (see {@link History}). Started, not wired: it schedules rollups
 * and adds a shutdown hook. Publishes {@link History} as a service; reads {@link AlertHistory} when it is provided.
 */
public final class HistoryFeature implements Feature {
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
        History.start(context);
    }
}

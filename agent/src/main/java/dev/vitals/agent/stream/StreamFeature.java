package dev.vitals.agent.stream;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.Feature;

/** {@code WS /metrics/stream} and the dashboard page; other features add their stream groups when wired. */
public final class StreamFeature implements Feature {
    /** Records nothing while the application starts: wired once the start is over. */
    @Override
    public boolean waitsForStartOrFirstUse() {
        return true;
    }

    @Override
    public void wire(AgentContext context) {
        Streaming.install(context);
    }
}

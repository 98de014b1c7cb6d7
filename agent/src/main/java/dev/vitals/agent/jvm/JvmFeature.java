package dev.vitals.agent.jvm;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.Feature;

/** JVM figures recorded as they happen: garbage collection pauses (the other JVM figures are read at scrape time). */
public final class JvmFeature implements Feature {
    @Override
    public void wire(AgentContext context) {
    }

    @Override
    public void start(AgentContext context) {
        JvmMetrics.listenForGc(context.registry());
    }
}

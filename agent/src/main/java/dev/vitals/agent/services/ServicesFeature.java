package dev.vitals.agent.services;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.Feature;

/** External services: outbound HTTP and mail, Resilience4j breakers, the service checks (see {@link Services}). */
public final class ServicesFeature implements Feature {
    private Services services;

    @Override
    public void wire(AgentContext context) {
        services = Services.install(context);
    }

    @Override
    public void start(AgentContext context) {
        services.startBackground();
    }
}

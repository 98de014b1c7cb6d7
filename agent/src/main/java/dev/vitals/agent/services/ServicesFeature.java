package dev.vitals.agent.services;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.Feature;
import dev.vitals.bootstrap.http.ClientHooks;

import java.util.List;
import java.util.function.Consumer;

/** External services: outbound HTTP and mail, Resilience4j breakers, the service checks (see {@link Services}). */
public final class ServicesFeature implements Feature {
    private Services services;

    /** Records only through {@code ClientHooks}: wired on its first call, or once the start is over. */
    @Override
    public boolean waitsForStartOrFirstUse() {
        return true;
    }

    @Override
    public List<Consumer<Runnable>> firstUseHooks() {
        return List.of(ClientHooks::wireOnFirstUse);
    }

    @Override
    public void wire(AgentContext context) {
        services = Services.install(context);
    }

    @Override
    public void start(AgentContext context) {
        services.startBackground();
    }
}

package dev.vitals.agent.stream;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.ui.DashboardPage;

/** Installs the live stream and the dashboard page; called once from the agent's background start. */
public final class Streaming {
    private Streaming() {
    }

    public static void install(AgentContext context) {
        StreamHub hub = context.stream();
        hub.service(context.serviceName());
        context.addMetricsSource(hub);
        hub.registerGroup("system", g -> StreamGroups.system(g, context.process()));
        hub.registerGroup("health", g -> StreamGroups.health(g, context.health()));
        context.addEndpoints(new StreamEndpoint(context));
        context.addEndpoints(new DashboardPage());
    }
}

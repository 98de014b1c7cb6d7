package dev.vitals.agent.instrumentation;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.config.ConfigKey;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * One instrumented library family ({@code servlet}, {@code jdbc}, {@code pool}, {@code redis},
 * {@code httpclient}, {@code mail}): which types and methods it matches, and what it adds to the agent.
 *
 * <p>{@link #install} runs on the application's main thread during premain, so it must be cheap: build
 * matchers and wire hooks, do no I/O and load no application classes.
 */
public interface InstrumentationModule {
    /** Short name used in logs, e.g. {@code servlet}. */
    String name();

    /** The {@code instrumentation.<name>.enabled} key that switches this module off. */
    ConfigKey<Boolean> enabledKey();

    /**
     * Adds this module's transformations to {@code builder} and registers its hooks, metrics sources and
     * endpoints on {@code context}. Returns the extended builder.
     */
    AgentBuilder install(AgentContext context, AgentBuilder builder);

    /**
     * Classes (binary names) with a method that runs once, early, and must not be missed, such as a server's
     * start: while instrumentation is still being installed in the background, loading one of them waits for it
     * (see {@link StartupGate}). Most modules have none.
     */
    default java.util.Set<String> heldTypes() {
        return java.util.Collections.emptySet();
    }
}

package dev.vitals.agent.instrumentation;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.ConfigKey;

/**
 * One instrumented library family ({@code servlet}, {@code jdbc}, {@code pool}, {@code redis},
 * {@code httpclient}, {@code mail}): which types and methods it matches and which advice it adds. A module is a
 * leaf: its advice calls a bootstrap hook, and the feature that owns the recorder behind the hook
 * ({@code dev.vitals.agent.Feature}) is wired by {@code Agent} whether or not the module is enabled. Switching a
 * module off removes its advice, never an endpoint.
 *
 * <p>{@link #install} runs on the background thread {@code vitals-init} (or, at attach, on the attaching thread),
 * after every feature is wired, while classes the application loads meanwhile wait to be retransformed and held
 * types wait at the {@link StartupGate}: it must be cheap. Build matchers, do no I/O and load no application
 * classes.
 */
public interface InstrumentationModule {
    /** Short name used in logs, e.g. {@code servlet}. */
    String name();

    /** The {@code instrumentation.<name>.enabled} key that switches this module off. */
    ConfigKey<Boolean> enabledKey();

    /** Adds this module's transformations to {@code builder} and returns the extended builder. */
    Transformations install(Config config, Transformations builder);

    /**
     * The binary name of the advice class {@code simpleName} ({@code Outer$Inner} when nested) in this module's
     * package. Advice is read from its class file and inlined, never loaded: naming it by its {@code Class} loaded
     * about a hundred advice classes at every install. InstrumentationModulesTest checks that every name is advice.
     */
    default String advice(String simpleName) {
        return getClass().getPackageName() + "." + simpleName;
    }
}

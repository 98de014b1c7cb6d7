package dev.vitals.agent;

import dev.vitals.agent.instrumentation.AgentTransformer;
import dev.vitals.agent.instrumentation.Instrumentations;
import dev.vitals.agent.instrumentation.Transformations;
import dev.vitals.agent.instrumentation.jbossmodules.BootDelegationAdvice;
import dev.vitals.agent.log.Log;

import java.lang.instrument.Instrumentation;
import java.util.concurrent.atomic.AtomicBoolean;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * At attach, when JBoss Modules already runs: {@link BootDelegationAdvice} on {@code Module.loadModuleClass}. A class
 * of its own, so that premain (which only sets a system property) never loads Byte Buddy on the main thread.
 */
final class JBossModulesAttach {
    private JBossModulesAttach() {
    }

    /** Retransforms the loaded {@code Module} class with {@link BootDelegationAdvice}; true when that worked. */
    static boolean install(Instrumentation inst, String moduleClass) {
        AtomicBoolean transformed = new AtomicBoolean();
        AtomicBoolean failed = new AtomicBoolean();
        try {
            Transformations transformations = Transformations.empty()
                    .type(named(moduleClass))
                    .transform(Instrumentations.advice().advice(named("loadModuleClass").and(takesArguments(2)),
                            BootDelegationAdvice.class.getName()));
            new AgentTransformer(transformations, inst, new AgentTransformer.Listener() {
                @Override
                public void onTransformation(String type, ClassLoader loader, boolean loaded) {
                    transformed.set(true);
                }

                @Override
                public void onError(String type, ClassLoader loader, boolean loaded, Throwable t) {
                    failed.set(true);
                    Log.debug("could not instrument " + type + ": " + t);
                }
            }).installOn(inst);
        } catch (Throwable t) {
            Log.debug("could not instrument " + moduleClass + ": " + t);
            return false;
        }
        return transformed.get() && !failed.get();
    }
}

package dev.vitals.agent.instrumentation;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.log.Log;
import dev.vitals.agent.instrumentation.lifecycle.ServerStartInstrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;
import java.util.Arrays;
import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

/**
 * Installs every enabled {@link InstrumentationModule} as one Byte Buddy transformer.
 *
 * <p>Types Vitals must never touch (its own classes, Byte Buddy's, the JDK's internals) are ignored
 * first, so the per-class matching cost stays small for the thousands of classes an application loads.
 */
public final class Instrumentations {
    private Instrumentations() {
    }

    /** The modules, in install order. Each instrumentation issue adds its module here. */
    static List<InstrumentationModule> modules() {
        return Arrays.asList(
                new dev.vitals.agent.instrumentation.servlet.ServletInstrumentation(),
                new dev.vitals.agent.instrumentation.redis.JedisInstrumentation(),
                new dev.vitals.agent.instrumentation.redis.LettuceInstrumentation(),
                new ServerStartInstrumentation());
    }

    /**
     * A transformer for advice classes of this agent. Advice classes live in the agent's own class
     * loader, which Byte Buddy must be told about to read their byte code.
     */
    public static AgentBuilder.Transformer.ForAdvice advice() {
        return new AgentBuilder.Transformer.ForAdvice()
                .include(Instrumentations.class.getClassLoader())
                .withExceptionHandler(Advice.ExceptionHandler.Default.SUPPRESSING);
    }

    public static void install(AgentContext context, Instrumentation inst, boolean attached) {
        List<InstrumentationModule> modules = modules();
        AgentBuilder builder = new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(new FailureLogger())
                .ignore(nameStartsWith("dev.vitals.")
                        .or(nameStartsWith("net.bytebuddy."))
                        .or(nameStartsWith("jdk.internal."))
                        .or(nameStartsWith("sun."))
                        .or(nameStartsWith("com.sun.proxy."))
                        .or(nameStartsWith("jdk.proxy")));
        int installed = 0;
        for (InstrumentationModule module : modules) {
            if (!context.config().get(module.enabledKey())) {
                Log.info("instrumentation " + module.name() + " is disabled by " + module.enabledKey().name());
                continue;
            }
            try {
                builder = module.install(context, builder);
                installed++;
            } catch (Throwable t) {
                Log.warn("instrumentation " + module.name() + " could not be installed and is switched off", t);
            }
        }
        if (installed > 0) {
            builder.installOn(inst);
        }
        Log.debug(installed + " instrumentation module(s) installed" + (attached ? " (retransforming loaded classes)" : ""));
    }

    /** Logs a failed transformation once per type, rate-limited; the class then loads unchanged. */
    private static final class FailureLogger extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable throwable) {
            Log.warnRateLimited("transform:" + typeName, "could not instrument " + typeName
                    + "; it runs uninstrumented", throwable);
        }

        @Override
        public void onTransformation(TypeDescription typeDescription, ClassLoader classLoader, JavaModule module,
                                     boolean loaded, DynamicType dynamicType) {
            if (Log.enabled(Log.Level.DEBUG)) {
                Log.debug("instrumented " + typeDescription.getName());
            }
        }
    }
}

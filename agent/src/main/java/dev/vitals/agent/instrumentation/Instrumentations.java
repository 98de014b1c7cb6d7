package dev.vitals.agent.instrumentation;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.log.Log;
import dev.vitals.agent.instrumentation.lifecycle.ServerStartInstrumentation;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;


/**
 * Installs every enabled {@link InstrumentationModule} as one Byte Buddy transformer.
 *
 * <p>Matching stays cheap for the thousands of classes an application loads: whole package families are ignored
 * by name first ({@link IgnoredTypes}); matchers that look at a hierarchy ask {@link TypeIndex}, which reads the
 * loading class's header from the bytes the JVM hands over and remembers supertypes per class loader.
 */
public final class Instrumentations {
    private Instrumentations() {
    }

    /** The modules, in install order. Each instrumentation issue adds its module here. */
    static List<InstrumentationModule> modules() {
        return Arrays.asList(
                new dev.vitals.agent.instrumentation.servlet.ServletInstrumentation(),
                new dev.vitals.agent.instrumentation.jaxrs.JaxRsInstrumentation(),
                new ServerStartInstrumentation(),
                new dev.vitals.agent.instrumentation.jdbc.JdbcInstrumentation(),
                new dev.vitals.agent.instrumentation.jdbc.PoolInstrumentation(),
                new dev.vitals.agent.instrumentation.redis.JedisInstrumentation(),
                new dev.vitals.agent.instrumentation.redis.LettuceInstrumentation(),
                new dev.vitals.agent.instrumentation.httpclient.HttpClientInstrumentation(),
                new dev.vitals.agent.instrumentation.mail.MailInstrumentation(),
                new dev.vitals.agent.instrumentation.resilience4j.Resilience4jInstrumentation(),
                new dev.vitals.agent.instrumentation.localcache.CaffeineInstrumentation(),
                new dev.vitals.agent.instrumentation.localcache.GuavaInstrumentation(),
                new dev.vitals.agent.instrumentation.localcache.EhcacheInstrumentation(),
                new dev.vitals.agent.instrumentation.localcache.JCacheInstrumentation(),
                new dev.vitals.agent.instrumentation.localcache.SpringCacheInstrumentation(),
                new dev.vitals.agent.instrumentation.reactive.ReactiveInstrumentation());
    }

    /**
     * A transformer for advice classes of this agent: each advice class is read and parsed once per class loader
     * of the types it is applied to, not once per transformed type; exceptions the advice throws are suppressed.
     */
    public static AdviceTransformer advice() {
        return new AdviceTransformer(AdviceTransformer.DEFAULT_MAPPING);
    }

    /** {@link #advice()} with custom bindings; make {@code mapping} once, as it is part of the advice's cache key. */
    public static AdviceTransformer advice(Advice.WithCustomMapping mapping) {
        return new AdviceTransformer(mapping);
    }

    /**
     * For premain: registers a {@link StartupGate} with the JVM now, so that {@link #installBehind} can set up Byte
     * Buddy on a background thread while the application starts.
     */
    public static StartupGate gate(Config config, Instrumentation inst) {
        StartupGate gate = new StartupGate(HeldTypes.internalNamesEnabledIn(config), config.get(Keys.STARTUP_WAIT));
        inst.addTransformer(gate, true);
        return gate;
    }

    /**
     * Installs instrumentation behind {@code gate}, on the calling (background) thread. Classes the application
     * loaded meanwhile are retransformed; held classes waiting at the gate go on once Byte Buddy's transformer is
     * registered (and the features are wired, when the gate waits for that), or when this returns.
     */
    public static void installBehind(StartupGate gate, Config config, Instrumentation inst) {
        gate.installer(Thread.currentThread());
        try {
            doInstall(config, new GatedInstrumentation(inst, gate), false, gate);
        } finally {
            gate.installEnded();
        }
    }

    /**
     * Installs every enabled module. Classes loaded before this (the application's, at attach or during a
     * background install) are retransformed; the discovery repeats until no new class turns up, so a class
     * whose loading raced with the install is not missed.
     */
    public static void install(Config config, Instrumentation inst, boolean attached) {
        if (!attached) {
            doInstall(config, inst, false, null);
            return;
        }
        // Behind a gate that holds nothing, so that the transformer hands each class's bytes to TypeIndex.
        StartupGate gate = new StartupGate(Collections.<String>emptySet(), 0);
        inst.addTransformer(gate, true);
        gate.installer(Thread.currentThread());
        try {
            doInstall(config, new GatedInstrumentation(inst, gate), true, gate);
        } finally {
            gate.open();
        }
    }

    /** {@code gate}, when there is one, is told which types the installed modules may advise. */
    private static void doInstall(Config config, Instrumentation inst, boolean attached, StartupGate gate) {
        long started = System.nanoTime();
        List<InstrumentationModule> modules = modules();
        AgentBuilder builder = newAgentBuilder()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Reiterating.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(MatchCounters.locationStrategy())
                .with(TypePools.INSTANCE)
                .with(new FailureLogger())
                // Advice inlined into JDK classes (java.base, java.net.http) calls dev.vitals.bootstrap, which lives in
                // the boot loader's unnamed module: named modules must be given a read edge to it.
                .assureReadEdgeTo(inst, dev.vitals.bootstrap.CallDepth.class)
                // Checked first for every class: whole package families that are never advised.
                .ignore(new IgnoredTypes());
        int installed = 0;
        CandidateTypes candidates = CandidateTypes.record();
        for (InstrumentationModule module : modules) {
            if (!config.get(module.enabledKey())) {
                Log.info("instrumentation " + module.name() + " is disabled by " + module.enabledKey().name());
                continue;
            }
            try {
                builder = module.install(config, builder);
                installed++;
            } catch (Throwable t) {
                Log.warn("instrumentation " + module.name() + " could not be installed and is switched off", t);
            }
        }
        CandidateTypes.stopRecording();
        if (gate != null) {
            gate.candidates(candidates);
        }
        if (installed > 0) {
            builder.installOn(inst);
        }
        Log.debug(installed + " instrumentation module(s) installed in " + (System.nanoTime() - started) / 1_000_000 + " ms"
                + (attached ? " (retransforming loaded classes)" : ""));
    }

    /**
     * A default agent builder without Byte Buddy's nexus. The nexus serves type initializers of generated classes,
     * which advice that is inlined never needs, but the builder's constructor sets it up at once: it generates a
     * class to reach {@code ClassLoader.defineClass} and injects its {@code Nexus} class into the application's
     * system class loader. Byte Buddy skips that when its {@code nexus.disabled} property is set (named after its
     * relocated package, so an application's own Byte Buddy is unaffected), read once here and then removed.
     */
    private static AgentBuilder newAgentBuilder() {
        String property = net.bytebuddy.ByteBuddy.class.getPackage().getName() + ".nexus.disabled";
        boolean set = System.getProperty(property) == null;
        if (set) {
            System.setProperty(property, "true");
        }
        try {
            // Advice only rewrites methods the class declares: Byte Buddy's default method graph would first resolve
            // the whole hierarchy of every transformed class (locating and parsing each supertype's class file).
            // Validation checks a type that advice only decorates (its members stay as they are): debug turns it on.
            return new AgentBuilder.Default(new ByteBuddy()
                    .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
                    .with(TypeValidation.of(Log.enabled(Log.Level.DEBUG))));
        } finally {
            if (set) {
                System.clearProperty(property);
            }
        }
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
            MatchCounters.transformed(typeDescription.getName(), classLoader, loaded);
            if (Log.enabled(Log.Level.DEBUG)) {
                Log.debug("instrumented " + typeDescription.getName());
            }
        }
    }
}

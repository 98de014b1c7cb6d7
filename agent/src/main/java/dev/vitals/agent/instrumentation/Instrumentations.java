package dev.vitals.agent.instrumentation;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.log.Log;
import dev.vitals.agent.instrumentation.lifecycle.ServerStartInstrumentation;
import net.bytebuddy.asm.Advice;

import java.lang.instrument.Instrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;


/**
 * Installs every enabled {@link InstrumentationModule} as one transformer ({@link AgentTransformer}).
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
        return new AdviceTransformer(AdviceTransformer.DEFAULT_BINDINGS);
    }

    /**
     * {@link #advice()} with custom bindings, made by {@code mapping} when first needed; make the transformer once, as
     * the bindings are part of the advice's cache key.
     */
    public static AdviceTransformer advice(java.util.function.Supplier<Advice.WithCustomMapping> mapping) {
        return new AdviceTransformer(new AdviceTransformer.Bindings(mapping));
    }

    /**
     * Packages whose classes, loaded early in a start, say that a server or framework the agent instruments is
     * starting: WildFly's launcher, Spring Boot's, Jetty, Undertow, Reactor Netty. Not Tomcat's own launcher: a
     * Tomcat distribution started faster without the warm-up in five of six sets of interleaved rounds, while WildFly
     * and a Spring Boot application (embedded Tomcat included) started faster with it.
     */
    private static final String[] WEAVING_AHEAD = {Unrelocated.name("org", "jboss", "modules", ""),
            "org.springframework.", "org.eclipse.jetty.", Unrelocated.name("io", "undertow", ""), "reactor.netty."};

    /**
     * {@link WeavingWarmUp}, when a module is enabled and a class already loaded shows that a server or framework the
     * agent instruments is starting; true if it ran. An application with nothing to instrument never loads the
     * weaving's classes (some 350 of Byte Buddy's).
     */
    public static boolean warmUpWeaving(Config config, Class<?>[] loaded) {
        if (!warmUpWanted(config, Arrays.stream(loaded).map(Class::getName))) {
            return false;
        }
        WeavingWarmUp.run();
        return true;
    }

    /** Whether a module is enabled and one of {@code loadedNames} is of a server or framework the agent instruments. */
    static boolean warmUpWanted(Config config, Stream<String> loadedNames) {
        boolean anyEnabled = false;
        for (InstrumentationModule module : modules()) {
            anyEnabled |= config.get(module.enabledKey());
        }
        return anyEnabled && loadedNames.anyMatch(name -> {
            for (String prefix : WEAVING_AHEAD) {
                if (name.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        });
    }

    /**
     * For premain: registers a {@link StartupGate} with the JVM now, so that {@link #installBehind} can install the
     * instrumentation on a background thread while the application starts. It reads no configuration: that is read
     * on the background thread, which then tells the gate what is enabled ({@link #configure}).
     */
    public static StartupGate gate(Instrumentation inst) {
        StartupGate gate = StartupGate.unconfigured(HeldTypes.allInternalNames(), HeldTypes.allWebServerInternalNames(),
                StartupGate.DEFAULT_WAIT_MILLIS);
        inst.addTransformer(gate, true);
        return gate;
    }

    /** Tells premain's gate which classes the enabled modules hold, and how long a held class may wait. */
    public static void configure(StartupGate gate, Config config) {
        gate.configure(HeldTypes.internalNamesEnabledIn(config), HeldTypes.webServerInternalNamesEnabledIn(config),
                config.get(Keys.STARTUP_WAIT));
    }

    /**
     * Installs instrumentation behind {@code gate}, on the calling (background) thread. Classes the application
     * loaded meanwhile are retransformed; held classes waiting at the gate go on once the agent's transformer is
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
        Transformations transformations = Transformations.empty();
        int installed = 0;
        CandidateTypes candidates = CandidateTypes.record();
        AdviceTransformer.inline("vitals".equals(config.get(Keys.INSTRUMENTATION_WEAVER)));
        for (InstrumentationModule module : modules) {
            if (!config.get(module.enabledKey())) {
                Log.info("instrumentation " + module.name() + " is disabled by " + module.enabledKey().name());
                continue;
            }
            try {
                transformations = module.install(config, transformations);
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
            try {
                ClassWeaver.linkVisitors();
            } catch (Throwable t) {
                Log.debug("the weaving's visitor classes could not be linked ahead: " + t);
            }
            // Behind a gate, registering hands the transformer to it; then the classes loaded before are retransformed.
            new AgentTransformer(transformations, inst, AgentTransformer.LOGGING).installOn(inst, candidates);
        }
        Log.debug(installed + " instrumentation module(s) installed in " + (System.nanoTime() - started) / 1_000_000 + " ms"
                + (attached ? " (retransforming loaded classes)" : ""));
    }
}

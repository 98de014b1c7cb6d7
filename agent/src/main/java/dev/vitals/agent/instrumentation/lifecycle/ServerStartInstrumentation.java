package dev.vitals.agent.instrumentation.lifecycle;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.instrumentation.CandidateTypes;
import dev.vitals.agent.instrumentation.HeldTypes;
import dev.vitals.agent.config.ConfigKey;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.instrumentation.InstrumentationModule;
import dev.vitals.agent.instrumentation.Instrumentations;
import dev.vitals.agent.instrumentation.Transformations;
import net.bytebuddy.asm.Advice;


import static dev.vitals.agent.instrumentation.MethodMatcher.named;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArguments;

/**
 * Notices when the application's web server has started and accepts requests, for the readiness and
 * startup probes. The points chosen run after the web applications have started: Tomcat starts its
 * connectors after its engine, Jetty's {@code Server.doStart} returns after handlers and connectors,
 * and Undertow's {@code start} after its listeners are bound.
 */
public final class ServerStartInstrumentation implements InstrumentationModule {
    @Override
    public String name() {
        return "server-lifecycle";
    }

    @Override
    public ConfigKey<Boolean> enabledKey() {
        return Keys.INSTRUMENTATION_SERVLET;
    }

    // A server starts once: its class waits while instrumentation installs in the background (HeldTypes).
    private static final String TOMCAT = HeldTypes.TOMCAT_CONNECTOR;
    private static final String JETTY = HeldTypes.JETTY_SERVER;
    private static final String UNDERTOW = HeldTypes.UNDERTOW;

    @Override
    public Transformations install(Config config, Transformations builder) {
        return builder
                .type(CandidateTypes.named(TOMCAT))
                .transform(Instrumentations.advice()
                        .advice(named("startInternal").and(takesArguments(0)), advice("ServerStartInstrumentation$TomcatAdvice")))
                .type(CandidateTypes.named(JETTY))
                .transform(Instrumentations.advice()
                        .advice(named("doStart").and(takesArguments(0)), advice("ServerStartInstrumentation$JettyAdvice")))
                .type(CandidateTypes.named(UNDERTOW))
                .transform(Instrumentations.advice()
                        .advice(named("start").and(takesArguments(0)), advice("ServerStartInstrumentation$UndertowAdvice")));
    }

    /** Advice is inlined into the server class: it may use only JDK and bootstrap classes. */
    public static final class TomcatAdvice {
        private TomcatAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Thrown Throwable thrown) {
            if (thrown == null) {
                dev.vitals.bootstrap.lifecycle.ServerLifecycle.serverStarted("tomcat");
            }
        }
    }

    public static final class JettyAdvice {
        private JettyAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Thrown Throwable thrown) {
            if (thrown == null) {
                dev.vitals.bootstrap.lifecycle.ServerLifecycle.serverStarted("jetty");
            }
        }
    }

    public static final class UndertowAdvice {
        private UndertowAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Thrown Throwable thrown) {
            if (thrown == null) {
                dev.vitals.bootstrap.lifecycle.ServerLifecycle.serverStarted("undertow");
            }
        }
    }
}

package dev.vitals.agent.instrumentation.reactive;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.instrumentation.CandidateTypes;
import dev.vitals.agent.instrumentation.HeldTypes;
import dev.vitals.agent.config.ConfigKey;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.instrumentation.InstrumentationModule;
import dev.vitals.agent.instrumentation.Instrumentations;
import dev.vitals.agent.instrumentation.Transformations;
import net.bytebuddy.asm.Advice;


import static dev.vitals.agent.instrumentation.MethodMatcher.isConstructor;
import static dev.vitals.agent.instrumentation.MethodMatcher.named;
import static dev.vitals.agent.instrumentation.MethodMatcher.not;
import static dev.vitals.agent.instrumentation.MethodMatcher.returns;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArgument;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArguments;

/**
 * Reactive web: Reactor Netty's HTTP server (plain, or under Spring WebFlux) and HTTP client (plain, or under Spring's
 * {@code WebClient}), Reactor Netty 1.x. Server requests go to the same recorder as servlet requests, with WebFlux's
 * best-matching pattern or the template of a Reactor Netty route as the route, and the tenant from
 * {@code tenant.header} or, under WebFlux, the exchange attribute {@code tenant.attribute}; client calls become services with breakers like the other HTTP clients; a
 * server bound by {@code bindNow} (Spring Boot's, {@code bindUntilJavaShutdown}) makes the service started and ready.
 * WebFlux on a servlet container is recorded by the servlet advice only: nothing here runs there.
 *
 * <p>Every type is matched by its exact name (no hierarchy is walked), and none of them is in a package the
 * agent's ignore list skips ({@code reactor.netty} is not {@code reactor.core}).
 */
public final class ReactiveInstrumentation implements InstrumentationModule {
    static final String SERVER_OPERATIONS = "reactor.netty.http.server.HttpServerOperations";
    static final String SERVER_HANDLE = "reactor.netty.http.server.HttpServer$HttpServerHandle";
    static final String SERVER_ROUTE = "reactor.netty.http.server.DefaultHttpServerRoutes$HttpRouteHandler";
    static final String SERVER_REQUEST = "reactor.netty.http.server.HttpServerRequest";
    static final String SERVER_TRANSPORT = HeldTypes.REACTOR_NETTY_SERVER; // binds once: held while installing
    static final String CLIENT_HANDLER = "reactor.netty.http.client.HttpClientConnect$HttpClientHandler";
    static final String CLIENT_OBSERVER = "reactor.netty.http.client.HttpClientConnect$HttpIOHandlerObserver";
    static final String DISPATCHER_HANDLER = "org.springframework.web.reactive.DispatcherHandler";
    static final String EXCHANGE = "org.springframework.web.server.ServerWebExchange";

    @Override
    public String name() {
        return "reactive";
    }

    @Override
    public ConfigKey<Boolean> enabledKey() {
        return Keys.INSTRUMENTATION_REACTIVE;
    }

    @Override
    public Transformations install(Config config, Transformations builder) {
        return builder
                .type(CandidateTypes.named(SERVER_OPERATIONS))
                .transform(Instrumentations.advice()
                        .advice(isConstructor().and(takesArguments(1)).and(takesArgument(0, SERVER_OPERATIONS)),
                                advice("ReactorNettyServerAdvice$Replaced"))
                        .advice(isConstructor().and(not(takesArguments(1))), advice("ReactorNettyServerAdvice$Begin"))
                        .advice(named("afterInboundComplete").and(takesArguments(0)),
                                advice("ReactorNettyServerAdvice$End")))
                .type(CandidateTypes.named(SERVER_HANDLE))
                .transform(Instrumentations.advice()
                        .advice(named("onStateChange").and(takesArguments(2)), advice("ReactorNettyServerAdvice$Handle")))
                .type(CandidateTypes.named(SERVER_ROUTE))
                .transform(Instrumentations.advice()
                        .advice(named("apply").and(takesArguments(2)).and(takesArgument(0, SERVER_REQUEST)),
                                advice("ReactorNettyServerAdvice$Route")))
                .type(CandidateTypes.named(DISPATCHER_HANDLER))
                .transform(Instrumentations.advice()
                        .advice(named("handleRequestWith").and(takesArguments(2))
                                        .and(takesArgument(0, EXCHANGE)),
                                advice("WebFluxHandlerAdvice"))
                        .advice(named("handle").and(takesArguments(1)).and(takesArgument(0, EXCHANGE)),
                                advice("WebFluxDispatchAdvice")))
                .type(CandidateTypes.named(SERVER_TRANSPORT))
                .transform(Instrumentations.advice()
                        .advice(named("bindNow").and(returns("reactor.netty.DisposableServer")),
                                Bound.class.getName()))
                .type(CandidateTypes.named(CLIENT_HANDLER))
                .transform(Instrumentations.advice()
                        .advice(isConstructor(), advice("ReactorNettyClientAdvice$Started"))
                        .advice(named("test").and(takesArguments(1)).and(takesArgument(0, Throwable.class)),
                                advice("ReactorNettyClientAdvice$Failed")))
                .type(CandidateTypes.named(CLIENT_OBSERVER))
                .transform(Instrumentations.advice()
                        .advice(named("onStateChange").and(takesArguments(2)),
                                advice("ReactorNettyClientAdvice$Responded")));
    }

    /** {@code ServerTransport.bindNow}: the server accepts connections. Inlined: JDK and bootstrap classes only. */
    public static final class Bound {
        private Bound() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Thrown Throwable thrown) {
            if (thrown == null) {
                dev.vitals.bootstrap.lifecycle.ServerLifecycle.serverStarted("reactor-netty");
            }
        }
    }
}

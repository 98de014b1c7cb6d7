package dev.vitals.agent.instrumentation.reactive;

import dev.vitals.bootstrap.servlet.ServerHooks;
import net.bytebuddy.asm.Advice;

/**
 * Advice on Spring WebFlux's {@code DispatcherHandler.handleRequestWith(ServerWebExchange, Object)}, entered once the
 * handler mappings chose a handler and left their best-matching pattern in the exchange's attributes (annotated
 * controllers and router functions alike). The recorder reads the exchange (the agent does not link against
 * Spring), and keeps the pattern as the route of the Reactor Netty request under it; on a servlet container, as the
 * route template of the servlet request that the servlet advice records (when the handler is chosen on the servlet's
 * own thread, as it is unless a filter before it waits for something). Suppresses every {@code Throwable}.
 *
 * <p>On exit, not on entry: the recorder's call, inlined by C2 at the top of the method, kept it from scalar-replacing
 * the iterator of the loop over the handler adapters that follows (32 B more per request, in every JVM measured). On
 * exit that loop is done, and the handler's {@code Mono} is only assembled, not yet subscribed, so the route is still
 * kept before the handler runs; with {@code onThrowable}, also when choosing the adapter throws.
 */
public final class WebFluxHandlerAdvice {
    private WebFluxHandlerAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.Argument(0) Object exchange) {
        if (exchange != null) {
            ServerHooks.recorder().webFluxHandler(exchange);
        }
    }
}

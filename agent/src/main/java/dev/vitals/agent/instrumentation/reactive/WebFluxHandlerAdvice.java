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
 */
public final class WebFluxHandlerAdvice {
    private WebFluxHandlerAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) Object exchange) {
        if (exchange != null) {
            ServerHooks.recorder().webFluxHandler(exchange);
        }
    }
}

package dev.vitals.agent.instrumentation.reactive;

import dev.vitals.bootstrap.servlet.ServerHooks;
import net.bytebuddy.asm.Advice;

/**
 * Advice on Spring WebFlux's {@code DispatcherHandler.handle(ServerWebExchange)}, entered for every request once the
 * application's {@code WebFilter}s called on to it (before any handler is chosen, so a 404 too): when
 * {@code tenant.attribute} is set, the recorder reads that exchange attribute as the request's tenant. Nothing is
 * done otherwise. Suppresses every {@code Throwable}.
 */
public final class WebFluxDispatchAdvice {
    private WebFluxDispatchAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) Object exchange) {
        if (exchange != null && ServerHooks.tenantAttribute() != null) {
            ServerHooks.recorder().webFluxDispatch(exchange);
        }
    }
}

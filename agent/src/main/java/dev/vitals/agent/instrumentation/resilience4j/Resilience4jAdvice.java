package dev.vitals.agent.instrumentation.resilience4j;

import dev.vitals.bootstrap.http.ClientHooks;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import net.bytebuddy.asm.Advice;

/**
 * Advice on Resilience4j's {@code CircuitBreakerStateMachine}: its constructors (the breaker appears with its
 * initial state) and {@code stateTransition}, through which every real state change goes. Inlined into
 * Resilience4j: it may reference only the JDK, {@code io.github.resilience4j} and {@code dev.vitals.bootstrap}.
 */
public final class Resilience4jAdvice {
    private Resilience4jAdvice() {
    }

    public static final class Created {
        private Created() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This CircuitBreaker breaker) {
            ClientHooks.recorder().breakerState(breaker, breaker.getName(), null, breaker.getState().name());
        }
    }

    public static final class Transition {
        private Transition() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static String enter(@Advice.This CircuitBreaker breaker) {
            return breaker.getState().name();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This CircuitBreaker breaker, @Advice.Enter String from) {
            String to = breaker.getState().name();
            if (from != null && !from.equals(to)) {
                ClientHooks.recorder().breakerState(breaker, breaker.getName(), from, to);
            }
        }
    }
}

package dev.vitals.agent.instrumentation.resilience4j;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.instrumentation.CandidateTypes;
import dev.vitals.agent.config.ConfigKey;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.instrumentation.InstrumentationModule;
import dev.vitals.agent.instrumentation.Instrumentations;
import dev.vitals.agent.instrumentation.Transformations;

import static dev.vitals.agent.instrumentation.MethodMatcher.isConstructor;
import static dev.vitals.agent.instrumentation.MethodMatcher.named;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArguments;

/**
 * The application's Resilience4j circuit breakers: their real state transitions appear in
 * {@code /health/circuit-breakers} and {@code vitals_circuit_breaker_state}, next to Vitals' own view per service.
 */
public final class Resilience4jInstrumentation implements InstrumentationModule {
    static final String STATE_MACHINE = "io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine";

    @Override
    public String name() {
        return "resilience4j";
    }

    @Override
    public ConfigKey<Boolean> enabledKey() {
        return Keys.INSTRUMENTATION_RESILIENCE4J;
    }

    @Override
    public Transformations install(Config config, Transformations builder) {
        return builder.type(CandidateTypes.named(STATE_MACHINE))
                .transform(Instrumentations.advice()
                        .advice(isConstructor(), advice("Resilience4jAdvice$Created"))
                        .advice(named("stateTransition").and(takesArguments(2)), advice("Resilience4jAdvice$Transition")));
    }
}

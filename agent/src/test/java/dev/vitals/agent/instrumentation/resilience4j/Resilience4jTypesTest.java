package dev.vitals.agent.instrumentation.resilience4j;

import dev.vitals.agent.instrumentation.InstalledTypeMatchers;
import dev.vitals.agent.instrumentation.LibraryClasses;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Resilience4j module's type matcher on resilience4j-circuitbreaker 2.2's real classes. */
class Resilience4jTypesTest {
    private final InstalledTypeMatchers breakers = InstalledTypeMatchers.of(new Resilience4jInstrumentation());

    @Test
    void acceptsTheStateMachineOnly() throws Exception {
        try (LibraryClasses lib = LibraryClasses.of("resilience4j-circuitbreaker-")) {
            assertTrue(lib.matches(breakers, "io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine"));
            assertFalse(lib.matches(breakers, "io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine$OpenState"),
                    "one of its states, a nested class of the same prefix");
            assertFalse(lib.matches(breakers, "io.github.resilience4j.circuitbreaker.CircuitBreaker"), "the interface");
            assertFalse(lib.matches(breakers, "io.github.resilience4j.circuitbreaker.CircuitBreakerConfig"));
            assertFalse(lib.matches(breakers, CircuitBreakerStateMachine.class.getName()), "a namesake in another package");
        }
    }
}

/** A class of the same simple name in another package, with a method of the advised name. */
class CircuitBreakerStateMachine {
    void stateTransition(Object state, Object transition) {
    }
}

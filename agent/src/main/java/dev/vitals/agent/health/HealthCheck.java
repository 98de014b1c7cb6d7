package dev.vitals.agent.health;

/**
 * One dependency or resource check. It runs in the background on its own interval, never on a request
 * thread: {@code /health} serves the latest result. {@link #run()} may block; the registry enforces
 * {@link #timeoutMillis()} and skips runs while the check's breaker is open.
 */
public interface HealthCheck {
    /** Key in {@code checks}, e.g. {@code database}, {@code redis}, {@code stripe}. */
    String name();

    /** The health+json component, e.g. {@code database}; the draft key is {@code component:measurement}. */
    default String component() {
        return name();
    }

    /** The health+json measurement, e.g. {@code responseTime}. */
    default String measurement() {
        return "responseTime";
    }

    /** The component type of the draft format: {@code datastore}, {@code component} or {@code system}. */
    default String componentType() {
        return "component";
    }

    /**
     * Whether what this check watches is gone (a pool the application closed): from then on the check is left out of
     * every answer, whatever its last result, until its owner unregisters it. Read on every {@code /health}; cheap.
     */
    default boolean retired() {
        return false;
    }

    default long intervalMillis() {
        return 15_000;
    }

    default long timeoutMillis() {
        return 2_000;
    }

    /**
     * Whether consecutive failures open the check's breaker (runs are then skipped until the half-open trial). False
     * for a check computed from figures in memory, where skipping runs would only delay the recovery it reports.
     */
    default boolean usesBreaker() {
        return true;
    }

    /** Runs the check; an exception counts as unhealthy with the exception's message (redacted by the caller). */
    CheckResult run() throws Exception;
}

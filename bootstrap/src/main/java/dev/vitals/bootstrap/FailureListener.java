package dev.vitals.bootstrap;

/**
 * Told about a failure inside Vitals' own code (advice, hooks, rotation). The agent's implementation logs
 * rate-limited and may switch the instrumentation off. Implementations must be thread-safe and should be quick:
 * they run on application threads.
 */
public interface FailureListener {
    /** Ignores every failure; installed until the agent sets its own. */
    FailureListener NOOP = new FailureListener() {
        @Override
        public void onFailure(String instrumentation, Throwable t) {
        }
    };

    /**
     * @param instrumentation the instrumentation that failed, e.g. {@code "jdbc"}
     * @param t               what was thrown
     */
    void onFailure(String instrumentation, Throwable t);
}

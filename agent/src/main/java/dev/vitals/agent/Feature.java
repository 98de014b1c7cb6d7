package dev.vitals.agent;

/**
 * One capability of the agent (requests, database, cache, services, health, history, stream, alerts): it owns its
 * recorder, its store, its endpoints and its metrics source. {@link Agent} builds every feature from one list and
 * drives each through the same steps, whichever instrumentation modules are enabled:
 *
 * <ol>
 *   <li>{@link #wire}: before instrumentation is installed. Builds the feature's objects, registers its metric
 *       families, endpoints, metrics sources and stream groups on the context, installs its recorder into its
 *       bootstrap hook and publishes what other features may use ({@link AgentContext#provide}). Cheap: no I/O, no
 *       thread, no scheduled task, no application class loaded.</li>
 *   <li>{@link #startRecording}: after instrumentation, on the background start thread, for what must be recorded
 *       while the application starts (its garbage collections).</li>
 *   <li>{@link #start}: once the application's start is over (when attached, at once), on the background start
 *       thread, before the listener starts. May read files, look up other features' services
 *       ({@link AgentContext#service}) and schedule work on {@link AgentContext#scheduler()}.</li>
 *   <li>{@link #tick}: on the scheduler, once per window slice, right after the agent's one registry rotation.</li>
 * </ol>
 */
public interface Feature {
    void wire(AgentContext context);

    /** Starts what records the application's own start; it must not wait for that start to end. */
    default void startRecording(AgentContext context) {
    }

    default void start(AgentContext context) {
    }

    /** Per-slice sampling that goes with the rotation (e.g. heap or pool queue samples); never blocks. */
    default void tick(long nowMillis) {
    }
}

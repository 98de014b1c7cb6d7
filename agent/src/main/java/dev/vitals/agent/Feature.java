package dev.vitals.agent;

import java.util.List;
import java.util.function.Consumer;

/**
 * One capability of the agent (requests, database, cache, services, health, history, stream, alerts): it owns its
 * recorder, its store, its endpoints and its metrics source. {@link Agent} builds every feature from one list and
 * drives each through the same steps, whichever instrumentation modules are enabled:
 *
 * <ol>
 *   <li>{@link #wire}: builds the feature's objects, registers its metric families, endpoints, metrics sources and
 *       stream groups on the context, installs its recorder into its bootstrap hook and publishes what other
 *       features may use ({@link AgentContext#provide}). Cheap: no I/O, no thread, no scheduled task, no
 *       application class loaded. At premain, before instrumentation is installed; or, on one core, for a feature
 *       that {@link #waitsForStartOrFirstUse}, when one of its hooks is first called (on that thread), else once the
 *       application's start is over.</li>
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

    /**
     * Whether wiring may wait (on one core) until the application's start is over: the feature records nothing
     * while the application starts, or records only through the hooks of {@link #firstUseHooks}, whose first call
     * wires it. An application that does not use a database, a cache or an outbound client during its start then
     * does not pay for wiring them while it starts.
     */
    default boolean waitsForStartOrFirstUse() {
        return false;
    }

    /**
     * The hooks whose first call wires this feature when it {@link #waitsForStartOrFirstUse}: each takes the wiring
     * to run ({@code JdbcHooks::wireOnFirstUse}), and null once it has run.
     */
    default List<Consumer<Runnable>> firstUseHooks() {
        return List.of();
    }

    /** Starts what records the application's own start; it must not wait for that start to end. */
    default void startRecording(AgentContext context) {
    }

    default void start(AgentContext context) {
    }

    /** Per-slice sampling that goes with the rotation (e.g. heap or pool queue samples); never blocks. */
    default void tick(long nowMillis) {
    }
}

package dev.vitals.agent;

import dev.vitals.agent.log.Log;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One feature and whether it is wired yet. At premain on one core ({@code Agent.wiresWhenUsed}), a feature that
 * {@link Feature#waitsForStartOrFirstUse} is not wired with the others: its hooks are handed {@link #wire} instead, so
 * the first call of one wires it on the calling thread, and {@code vitals-init} wires whatever is left once the
 * application's start is over. Wiring runs once,
 * whoever asks first; a caller that comes meanwhile waits for it, so its hook finds the recorder installed.
 */
final class FeatureWiring {
    private final Feature feature;
    private final AgentContext context;
    /** Set once {@link Feature#wire} returned: from then on the feature ticks and starts. */
    private volatile boolean wired;
    private boolean attempted;
    /** Handed to its hooks at premain instead of wired there. */
    private volatile boolean waiting;

    private FeatureWiring(Feature feature, AgentContext context) {
        this.feature = feature;
        this.context = context;
    }

    /** Every feature of {@code features}, in order, none wired yet. */
    static List<FeatureWiring> of(List<Feature> features, AgentContext context) {
        List<FeatureWiring> all = new ArrayList<>();
        for (Feature feature : features) {
            all.add(new FeatureWiring(feature, context));
        }
        return all;
    }

    /**
     * Wires every feature that cannot wait, now, and hands the others to their hooks ({@code whenUsed}); attached,
     * or with {@code whenUsed} false, every feature is wired now.
     */
    static void wireAtPremain(List<FeatureWiring> features, boolean whenUsed) {
        for (FeatureWiring wiring : features) {
            if (whenUsed && wiring.feature.waitsForStartOrFirstUse()) {
                wiring.waiting = true;
                for (Consumer<Runnable> hook : wiring.feature.firstUseHooks()) {
                    hook.accept(wiring::wire);
                }
            } else {
                wiring.wire();
            }
        }
    }

    /** Wires the feature unless that was done or tried already; a failure is logged and leaves it out. */
    synchronized void wire() {
        if (attempted) {
            return; // wired, failed, or being wired by this very thread (a hook called from the wiring)
        }
        attempted = true;
        long started = System.nanoTime();
        try {
            feature.wire(context);
            wired = true;
            if (waiting && Log.enabled(Log.Level.DEBUG)) {
                Log.debug(name() + " wired on " + Thread.currentThread().getName() + " in "
                        + (System.nanoTime() - started) / 1_000_000 + " ms");
            }
        } catch (Throwable t) {
            Log.warn(name() + " could not be wired; the agent runs without it", t);
        } finally {
            for (Consumer<Runnable> hook : feature.firstUseHooks()) {
                hook.accept(null);
            }
        }
    }

    boolean wired() {
        return wired;
    }

    Feature feature() {
        return feature;
    }

    String name() {
        return feature.getClass().getSimpleName();
    }
}

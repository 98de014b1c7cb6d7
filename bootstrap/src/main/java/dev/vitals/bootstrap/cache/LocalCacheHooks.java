package dev.vitals.bootstrap.cache;

import dev.vitals.bootstrap.FirstUse;

/**
 * The static entry point that in-process cache advice (Caffeine, Guava, Ehcache, JCache, Spring's cache abstraction) calls.
 * Advice passes the library's own objects as {@code Object}; only the agent's recorder reads them.
 *
 * <p>The recorder field is volatile and written once by the agent when the cache feature is wired: the hot path
 * is one volatile read, no lock, no allocation.
 */
public final class LocalCacheHooks {
    private static volatile LocalCacheRecorder recorder = LocalCacheRecorder.NOOP;
    private static final FirstUse FIRST_USE = new FirstUse();

    private LocalCacheHooks() {
    }

    public static LocalCacheRecorder recorder() {
        LocalCacheRecorder r = recorder;
        if (r == LocalCacheRecorder.NOOP) {
            FIRST_USE.run();
            r = recorder;
        }
        return r;
    }

    /** Installs the agent's recorder; {@code null} restores the no-op. */
    public static void install(LocalCacheRecorder r) {
        recorder = r == null ? LocalCacheRecorder.NOOP : r;
    }

    /** The agent's wiring of this hook's recorder, run by the first call that finds none; null once it has run. */
    public static void wireOnFirstUse(Runnable wiring) {
        FIRST_USE.set(wiring);
    }
}

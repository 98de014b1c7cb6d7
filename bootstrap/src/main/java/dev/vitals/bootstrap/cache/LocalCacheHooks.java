package dev.vitals.bootstrap.cache;

/**
 * The static entry point that in-process cache advice (Caffeine, Guava, Ehcache, JCache, Spring's cache abstraction) calls.
 * Advice passes the library's own objects as {@code Object}; only the agent's recorder reads them.
 *
 * <p>The recorder field is volatile and written once by the agent when the cache feature is wired: the hot path
 * is one volatile read, no lock, no allocation.
 */
public final class LocalCacheHooks {
    private static volatile LocalCacheRecorder recorder = LocalCacheRecorder.NOOP;

    private LocalCacheHooks() {
    }

    public static LocalCacheRecorder recorder() {
        return recorder;
    }

    /** Installs the agent's recorder; {@code null} restores the no-op. */
    public static void install(LocalCacheRecorder r) {
        recorder = r == null ? LocalCacheRecorder.NOOP : r;
    }
}

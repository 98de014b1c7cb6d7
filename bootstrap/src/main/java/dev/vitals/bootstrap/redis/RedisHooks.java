package dev.vitals.bootstrap.redis;

import dev.vitals.bootstrap.FirstUse;

/**
 * The static entry point that Jedis and Lettuce advice call. Advice passes the library's own objects as
 * {@code Object}; only the agent's recorder (in the agent's class loader) reads them, through method handles
 * resolved once per library class. Nothing in this package sees a Redis client type.
 *
 * <p>The recorder field is volatile and written once by the agent at install: the hot path is one volatile
 * read, no lock, no allocation.
 */
public final class RedisHooks {
    private static volatile RedisRecorder recorder = RedisRecorder.NOOP;
    private static final FirstUse FIRST_USE = new FirstUse();

    private RedisHooks() {
    }

    public static RedisRecorder recorder() {
        RedisRecorder r = recorder;
        if (r == RedisRecorder.NOOP) {
            FIRST_USE.run();
            r = recorder;
        }
        return r;
    }

    /** Installs the agent's recorder; {@code null} restores the no-op. */
    public static void install(RedisRecorder r) {
        recorder = r == null ? RedisRecorder.NOOP : r;
    }

    /** The agent's wiring of this hook's recorder, run by the first call that finds none; null once it has run. */
    public static void wireOnFirstUse(Runnable wiring) {
        FIRST_USE.set(wiring);
    }
}

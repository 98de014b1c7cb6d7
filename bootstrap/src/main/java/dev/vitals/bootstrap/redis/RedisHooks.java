package dev.vitals.bootstrap.redis;

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

    private RedisHooks() {
    }

    public static RedisRecorder recorder() {
        return recorder;
    }

    /** Installs the agent's recorder; {@code null} restores the no-op. */
    public static void install(RedisRecorder r) {
        recorder = r == null ? RedisRecorder.NOOP : r;
    }
}

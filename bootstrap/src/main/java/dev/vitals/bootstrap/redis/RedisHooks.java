package dev.vitals.bootstrap.redis;

import dev.vitals.bootstrap.CallDepth;

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

    /**
     * Entry of Jedis' {@code Connection.executeCommand}: the start time, or {@link Long#MIN_VALUE} for a nested
     * command. With {@link #jedisExit}, this keeps the advice inlined into {@code executeCommand} to a few
     * bytecodes: C2 analyses the escape of a call's arguments only in callees up to 150 bytecodes
     * ({@code -XX:MaxBCEAEstimateSize}); past that the caller's {@code CommandObject} is heap-allocated instead of
     * scalar-replaced, +24 B per Jedis 5 GET (measured with {@code ThreadAllocation} in the benchmarks).
     */
    public static long jedisEnter() {
        return CallDepth.enter(CallDepth.REDIS) == 0 ? System.nanoTime() : Long.MIN_VALUE;
    }

    /** Exit of Jedis' {@code Connection.executeCommand}: see {@link #jedisEnter} and {@link RedisRecorder#jedisCommand}. */
    public static void jedisExit(long startNanos, Object connection, Object arguments, Object result, Throwable thrown) {
        CallDepth.exit(CallDepth.REDIS);
        if (startNanos != Long.MIN_VALUE && arguments != null) {
            recorder.jedisCommand(connection, arguments, result, thrown, startNanos);
        }
    }

    /** Installs the agent's recorder; {@code null} restores the no-op. */
    public static void install(RedisRecorder r) {
        recorder = r == null ? RedisRecorder.NOOP : r;
    }
}

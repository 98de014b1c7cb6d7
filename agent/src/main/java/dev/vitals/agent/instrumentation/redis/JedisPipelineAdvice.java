package dev.vitals.agent.instrumentation.redis;

import dev.vitals.bootstrap.CallDepth;
import dev.vitals.bootstrap.redis.RedisHooks;
import net.bytebuddy.asm.Advice;
import redis.clients.jedis.Pipeline;

/**
 * Inlined into {@code redis.clients.jedis.Pipeline.sync()} and {@code syncAndReturnAll()}: a pipeline with queued
 * commands reads all their replies in one round trip. Pipelined commands are written with {@code sendCommand}
 * and have no per-command reply to time, so the round trip is one {@code PIPELINE} operation; their keyspaces
 * and hits are not counted.
 */
public final class JedisPipelineAdvice {
    private JedisPipelineAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter(@Advice.This Pipeline pipeline) {
        if (CallDepth.enter(CallDepth.REDIS) != 0 || !pipeline.hasPipelinedResponse()) {
            return Long.MIN_VALUE;
        }
        return System.nanoTime();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter long start, @Advice.FieldValue("connection") Object connection,
                     @Advice.Thrown Throwable thrown) {
        CallDepth.exit(CallDepth.REDIS);
        if (start != Long.MIN_VALUE) {
            RedisHooks.recorder().jedisPipeline(connection, thrown, start);
        }
    }
}

package dev.vitals.agent.instrumentation.redis;

import dev.vitals.bootstrap.CallDepth;
import dev.vitals.bootstrap.redis.RedisHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into a Jedis pipeline's {@code sync()}/{@code syncAndReturnAll()} and a transaction's {@code exec()}:
 * the caller waits for the replies of all queued commands in one round trip, so that wait is one Redis call in
 * the request's breakdown. The commands themselves are recorded one by one ({@link JedisReplyAdvice}).
 */
public final class JedisBatchAdvice {
    private JedisBatchAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
        return CallDepth.enter(CallDepth.REDIS) == 0 ? System.nanoTime() : Long.MIN_VALUE;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter long start) {
        CallDepth.exit(CallDepth.REDIS);
        if (start != Long.MIN_VALUE) {
            RedisHooks.recorder().jedisBatch(start);
        }
    }
}

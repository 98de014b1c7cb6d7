package dev.vitals.agent.instrumentation.redis;

import dev.vitals.bootstrap.redis.RedisHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code redis.clients.jedis.Response.set(Object)}: a pipeline's {@code sync()} or a transaction's
 * {@code exec()} hands a queued command its reply (the raw reply: bytes, a list, a {@code JedisDataException}
 * for an error reply, or null for nil). A transaction's {@code QUEUED} acknowledgements never get here.
 */
public final class JedisReplyAdvice {
    private JedisReplyAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object response, @Advice.Argument(0) Object data) {
        RedisHooks.recorder().jedisReply(response, data);
    }
}

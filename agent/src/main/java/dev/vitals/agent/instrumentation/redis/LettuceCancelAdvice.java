package dev.vitals.agent.instrumentation.redis;

import dev.vitals.bootstrap.redis.RedisHooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code io.lettuce.core.protocol.Command.cancel()}: the command was cancelled. */
public final class LettuceCancelAdvice {
    private LettuceCancelAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object command) {
        RedisHooks.recorder().lettuceCompleted(command, null, true);
    }
}

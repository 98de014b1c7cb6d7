package dev.vitals.agent.instrumentation.redis;

import dev.vitals.bootstrap.redis.RedisHooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code io.lettuce.core.protocol.Command.completeExceptionally(Throwable)}: the command failed. */
public final class LettuceCompleteExceptionallyAdvice {
    private LettuceCompleteExceptionallyAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object command, @Advice.Argument(0) Throwable error) {
        RedisHooks.recorder().lettuceCompleted(command, error, false);
    }
}

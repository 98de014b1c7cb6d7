package dev.vitals.agent.instrumentation.redis;

import dev.vitals.bootstrap.redis.RedisHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code io.lettuce.core.protocol.Command.complete()}: the reply was decoded (an error reply is in
 * the command's output). Runs on the connection's event loop thread.
 */
public final class LettuceCompleteAdvice {
    private LettuceCompleteAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object command) {
        RedisHooks.recorder().lettuceCompleted(command, null, false);
    }
}

package dev.vitals.agent.instrumentation.redis;

import dev.vitals.bootstrap.redis.RedisHooks;
import io.lettuce.core.protocol.CommandWrapper;
import io.lettuce.core.protocol.RedisCommand;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the entry of {@code io.lettuce.core.protocol.AsyncCommand.complete()} and
 * {@code completeExceptionally(Throwable)}: the future that sync and async callers wait on is completed before
 * the inner {@code Command} is, so a caller could finish its request before {@link LettuceCompleteAdvice} runs.
 * Settling here puts the command in the request's breakdown first.
 */
public final class LettuceSettleAdvice {
    private LettuceSettleAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This RedisCommand<?, ?, ?> command) {
        RedisHooks.recorder().lettuceSettling(CommandWrapper.unwrap(command));
    }
}

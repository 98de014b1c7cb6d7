package dev.vitals.agent.instrumentation.redis;

import dev.vitals.bootstrap.redis.RedisHooks;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.Command;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code io.lettuce.core.protocol.Command.completeExceptionally(Throwable)}: the command failed. */
public final class LettuceCompleteExceptionallyAdvice {
    private LettuceCompleteExceptionallyAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Command<?, ?, ?> command, @Advice.Argument(0) Throwable error) {
        CommandOutput<?, ?, ?> output = command.getOutput();
        RedisHooks.recorder().lettuceCompleted(command, command.getType(), command.getArgs(),
                output == null ? null : output.getError(), null, error, false);
    }
}

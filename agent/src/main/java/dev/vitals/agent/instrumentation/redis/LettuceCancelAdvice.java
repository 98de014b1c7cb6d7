package dev.vitals.agent.instrumentation.redis;

import dev.vitals.bootstrap.redis.RedisHooks;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.Command;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code io.lettuce.core.protocol.Command.cancel()}: the command was cancelled. */
public final class LettuceCancelAdvice {
    private LettuceCancelAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Command<?, ?, ?> command) {
        CommandOutput<?, ?, ?> output = command.getOutput();
        RedisHooks.recorder().lettuceCompleted(command, command.getType(), command.getArgs(),
                output == null ? null : output.getError(), output == null ? null : output.get(), null, true);
    }
}

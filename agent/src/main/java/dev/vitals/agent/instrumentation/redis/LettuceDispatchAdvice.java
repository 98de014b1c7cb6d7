package dev.vitals.agent.instrumentation.redis;

import dev.vitals.bootstrap.redis.RedisHooks;
import io.lettuce.core.protocol.CommandWrapper;
import io.lettuce.core.protocol.RedisCommand;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code io.lettuce.core.RedisChannelHandler.dispatch(RedisCommand)}, the one path by which the
 * sync, async and reactive APIs hand a command to a connection. The latency clock starts here and stops when
 * the innermost {@code Command} completes ({@link LettuceCompleteAdvice}), whatever wrappers Lettuce adds.
 */
public final class LettuceDispatchAdvice {
    private LettuceDispatchAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object connection, @Advice.Argument(0) RedisCommand<?, ?, ?> command) {
        if (command != null) {
            RedisHooks.recorder().lettuceDispatched(connection, CommandWrapper.unwrap(command));
        }
    }
}

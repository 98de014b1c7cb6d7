package dev.vitals.agent.instrumentation.redis;

import dev.vitals.bootstrap.redis.RedisHooks;
import io.lettuce.core.protocol.CommandWrapper;
import io.lettuce.core.protocol.RedisCommand;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code io.lettuce.core.RedisPublisher$RedisSubscription.onNext(Object)}: the reactive API hands
 * one element of a reply to its subscriber. Counted, and the command settled into its request's breakdown,
 * before the element is delivered.
 */
public final class LettuceStreamAdvice {
    private LettuceStreamAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.FieldValue("command") RedisCommand<?, ?, ?> command, @Advice.Argument(0) Object item) {
        if (command != null) {
            RedisCommand<?, ?, ?> inner = CommandWrapper.unwrap(command);
            RedisHooks.recorder().lettuceSettling(inner); // a Mono's subscriber may finish on this element
            RedisHooks.recorder().lettuceStreamed(inner.getType(), inner.getArgs(), item);
        }
    }
}

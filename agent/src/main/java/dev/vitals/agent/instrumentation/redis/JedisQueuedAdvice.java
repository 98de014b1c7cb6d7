package dev.vitals.agent.instrumentation.redis;

import dev.vitals.bootstrap.redis.RedisHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;

/**
 * Inlined into {@code appendCommand(CommandObject)} of Jedis' pipelines and transactions ({@code Pipeline},
 * {@code MultiNodePipelineBase}, {@code Transaction}, {@code ReliableTransaction}, 4.x {@code TransactionBase}):
 * a command was written and its {@code Response} queued. {@link JedisReplyAdvice} records it when the reply
 * arrives.
 */
public final class JedisQueuedAdvice {
    private JedisQueuedAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object pipeline, @Advice.Argument(0) CommandObject<?> command,
                     @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object response) {
        if (command != null && response != null) {
            CommandArguments arguments = command.getArguments();
            RedisHooks.recorder().jedisQueued(pipeline, arguments, arguments.getCommand(), response);
        }
    }
}

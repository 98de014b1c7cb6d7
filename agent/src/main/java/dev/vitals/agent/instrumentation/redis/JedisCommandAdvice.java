package dev.vitals.agent.instrumentation.redis;

import dev.vitals.bootstrap.CallDepth;
import dev.vitals.bootstrap.redis.RedisHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;

/**
 * Inlined into {@code redis.clients.jedis.Connection.executeCommand(CommandObject)}, through which every
 * Jedis command of {@code Jedis}, {@code JedisPooled}/{@code UnifiedJedis} and {@code JedisCluster} runs
 * (Jedis 4 and 5). Times the command on the calling thread, including the wait for its reply. References only
 * Jedis and bootstrap types (advice code runs in Jedis' class loader).
 */
public final class JedisCommandAdvice {
    private JedisCommandAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
        return CallDepth.enter(CallDepth.REDIS) == 0 ? System.nanoTime() : Long.MIN_VALUE;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter long start, @Advice.This Object connection,
                     @Advice.Argument(0) CommandObject<?> command,
                     @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
                     @Advice.Thrown Throwable thrown) {
        CallDepth.exit(CallDepth.REDIS);
        if (start != Long.MIN_VALUE && command != null) {
            CommandArguments arguments = command.getArguments();
            RedisHooks.recorder().jedisCommand(connection, arguments, arguments.getCommand(), result, thrown, start);
        }
    }
}

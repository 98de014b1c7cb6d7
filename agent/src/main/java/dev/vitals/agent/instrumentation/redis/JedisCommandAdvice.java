package dev.vitals.agent.instrumentation.redis;

import dev.vitals.bootstrap.redis.RedisHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
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
        return RedisHooks.jedisEnter();
    }

    // Kept to a few bytecodes (no argument backup, the work in RedisHooks): see RedisHooks.jedisEnter.
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class, backupArguments = false)
    static void exit(@Advice.Enter long start, @Advice.This Object connection,
                     @Advice.Argument(0) CommandObject<?> command,
                     @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
                     @Advice.Thrown Throwable thrown) {
        RedisHooks.jedisExit(start, connection, command == null ? null : command.getArguments(), result, thrown);
    }
}

package dev.vitals.agent.instrumentation.redis;

import dev.vitals.bootstrap.redis.RedisHooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code redis.clients.jedis.Connection.select(int)}: the connection's database changed. */
public final class JedisConnectionSelectAdvice {
    private JedisConnectionSelectAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object connection, @Advice.Argument(0) int db, @Advice.Thrown Throwable thrown) {
        if (thrown == null) {
            RedisHooks.recorder().jedisSelected(connection, db);
        }
    }
}

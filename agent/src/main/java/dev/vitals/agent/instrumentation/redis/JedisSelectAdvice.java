package dev.vitals.agent.instrumentation.redis;

import dev.vitals.bootstrap.redis.RedisHooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code redis.clients.jedis.Jedis.select(int)}: the Jedis connection's database changed. */
public final class JedisSelectAdvice {
    private JedisSelectAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.FieldValue("connection") Object connection, @Advice.Argument(0) int db,
                     @Advice.Thrown Throwable thrown) {
        if (thrown == null && connection != null) {
            RedisHooks.recorder().jedisSelected(connection, db);
        }
    }
}

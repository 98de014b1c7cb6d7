package dev.vitals.agent.instrumentation.redis;

import dev.vitals.bootstrap.redis.RedisHooks;
import net.bytebuddy.asm.Advice;

import java.net.Socket;

/**
 * Inlined into {@code redis.clients.jedis.Connection.connect()}, which Jedis calls before every command and
 * which creates a socket only when not connected. The address is reported only when the socket field changed:
 * two field reads per command, no call ({@code isConnected()} would take {@code Socket}'s locks).
 */
public final class JedisConnectAdvice {
    private JedisConnectAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Socket enter(@Advice.FieldValue("socket") Socket before) {
        return before;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Socket before, @Advice.FieldValue("socket") Socket socket,
                     @Advice.Thrown Throwable thrown) {
        if (thrown == null && socket != null && socket != before) {
            RedisHooks.recorder().connected(socket);
        }
    }
}

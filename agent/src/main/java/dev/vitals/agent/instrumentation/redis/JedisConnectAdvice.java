package dev.vitals.agent.instrumentation.redis;

import dev.vitals.bootstrap.redis.RedisHooks;
import net.bytebuddy.asm.Advice;
import redis.clients.jedis.Connection;

import java.net.Socket;

/**
 * Inlined into {@code redis.clients.jedis.Connection.connect()}, which Jedis calls before every command and
 * which connects only when the socket is not connected: the address is reported only for a new connection.
 */
public final class JedisConnectAdvice {
    private JedisConnectAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static boolean enter(@Advice.This Connection connection) {
        return !connection.isConnected();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter boolean wasDisconnected, @Advice.FieldValue("socket") Socket socket,
                     @Advice.Thrown Throwable thrown) {
        if (wasDisconnected && thrown == null && socket != null) {
            RedisHooks.recorder().connected(socket);
        }
    }
}

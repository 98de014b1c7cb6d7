package dev.vitals.bootstrap.redis;

/**
 * What Redis client advice reports. Arguments are the client library's own objects, typed {@code Object}
 * because bootstrap classes must not reference library types. The agent installs its implementation through
 * {@link RedisHooks#install}; until then, and when the agent is off, the no-op answers.
 *
 * <p>Implementations must be thread-safe, must not allocate for a command on a known keyspace, and may throw:
 * advice suppresses every {@code Throwable}.
 */
public interface RedisRecorder {
    /** No-op used before the agent installs its recorder. */
    RedisRecorder NOOP = new RedisRecorder() {
    };

    /**
     * A Jedis command ({@code Connection.executeCommand(CommandObject)}) finished on this thread.
     *
     * @param connection the {@code redis.clients.jedis.Connection}
     * @param arguments  the {@code CommandArguments}
     * @param command    the {@code ProtocolCommand} ({@code arguments.getCommand()}, usually a {@code Protocol.Command})
     * @param result     the built reply, or null (a nil reply, or the command failed)
     * @param thrown     the exception that left the command, or null
     * @param startNanos {@link System#nanoTime()} when the command was entered
     */
    default void jedisCommand(Object connection, Object arguments, Object command, Object result, Throwable thrown,
                              long startNanos) {
    }

    /**
     * A Jedis pipeline or transaction queued a command ({@code appendCommand}); its reply comes later through
     * {@link #jedisReply}.
     *
     * @param pipeline  the {@code Pipeline}, {@code Transaction}, ...
     * @param arguments the command's {@code CommandArguments}
     * @param command   {@code arguments.getCommand()}
     * @param response  the {@code redis.clients.jedis.Response} that will receive the reply
     */
    default void jedisQueued(Object pipeline, Object arguments, Object command, Object response) {
    }

    /**
     * A Jedis {@code Response} received its raw reply ({@code Response.set}): bytes, a list, a
     * {@code JedisDataException} for an error reply, or null for nil.
     */
    default void jedisReply(Object response, Object data) {
    }

    /**
     * A Jedis pipeline's {@code sync()} or transaction's {@code exec()} returned: the caller waited for all queued
     * replies in one round trip since {@code startNanos}. Adds one call to the request's breakdown.
     */
    default void jedisBatch(long startNanos) {
    }

    /** A Jedis connection selected database {@code db} ({@code Connection.select(int)} or {@code Jedis.select(int)}). */
    default void jedisSelected(Object connection, int db) {
    }

    /**
     * A Lettuce command was handed to a connection ({@code RedisChannelHandler.dispatch}); the clock of its
     * latency starts here.
     *
     * @param connection the {@code RedisChannelHandler} (a stateful connection)
     * @param command    the innermost {@code io.lettuce.core.protocol.Command}
     */
    default void lettuceDispatched(Object connection, Object command) {
    }

    /**
     * A Lettuce command's result is about to reach its caller: an {@code AsyncCommand} (sync and async API) is
     * completing its future, or the reactive API is emitting an element. Its time so far joins the breakdown of
     * the request that dispatched it, if that request still runs; {@link #lettuceCompleted} follows, and does the
     * same for commands that never pass here.
     *
     * @param command the innermost {@code io.lettuce.core.protocol.Command}
     */
    default void lettuceSettling(Object command) {
    }

    /**
     * A Lettuce {@code Command} completed: normally ({@code error} null, {@code cancelled} false), exceptionally,
     * or by cancellation. The advice reads the command's public getters itself (plain calls compiled into
     * Lettuce's class, cheaper than reflective ones) and passes what they return.
     *
     * @param type       {@code getType()}, usually a {@code CommandType}
     * @param args       {@code getArgs()}, a {@code CommandArgs} or null
     * @param errorReply {@code getOutput().getError()}: the Redis error reply, or null
     * @param result     {@code getOutput().get()}, or null
     */
    default void lettuceCompleted(Object command, Object type, Object args, String errorReply, Object result,
                                  Throwable error, boolean cancelled) {
    }

    /**
     * The reactive API streamed one element of a multi-element reply ({@code RedisPublisher}'s subscription):
     * reactive {@code MGET} and {@code HMGET} hand their elements to the subscriber instead of the command's
     * output, so their hits and misses are counted here.
     *
     * @param type the command's {@code getType()}
     * @param args the command's {@code getArgs()}
     * @param item the element, e.g. a {@code KeyValue}
     */
    default void lettuceStreamed(Object type, Object args, Object item) {
    }

    /**
     * A client connected to a Redis server; {@code address} is a {@code java.net.Socket} (Jedis) or a
     * {@code java.net.SocketAddress} (Lettuce). Called once per connection, never per command.
     */
    default void connected(Object address) {
    }
}

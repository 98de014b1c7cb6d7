package dev.vitals.agent.cache;

import dev.vitals.agent.log.Log;
import dev.vitals.bootstrap.RequestScope;
import dev.vitals.bootstrap.Vitals;
import dev.vitals.bootstrap.redis.RedisRecorder;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The agent's {@link RedisRecorder}: reads Jedis' and Lettuce's objects that the advice passes and records
 * into {@link CacheStats}.
 *
 * <p><b>Reading library objects.</b> Method handles are resolved once per library class and kept in
 * {@link ClassValue}s, so they live exactly as long as the application's classes and never keep an application
 * class loader alive (a static map keyed by class would). Handles are adapted to {@code (Object)Object} and
 * called with {@code invokeExact}: no boxing, no varargs array, no allocation.
 *
 * <p><b>Keys.</b> Only the keyspace derived from a key is kept; the key itself is read in place (Jedis' encoded
 * argument bytes, Lettuce's key object) and never copied or stored.
 *
 * <p>Thread-safe. A failure reading a library object is reported through {@link Vitals#reportFailure} (which
 * logs once, rate-limited); the command itself is never affected.
 */
public final class RedisCommandRecorder implements RedisRecorder {
    private static final String IN_FLIGHT_FULL = "too many Lettuce commands in flight (table of " + InFlight.SLOTS
            + " slots): commands beyond it are not recorded";

    private final CacheStats stats;
    private final RedisServers servers;
    private static final String PENDING_FULL = "too many Jedis pipelined or transaction commands awaiting replies"
            + " (table of " + PendingReplies.SLOTS + " slots): commands beyond it are not recorded";

    private final InFlight inFlight = new InFlight();
    private final PendingReplies pending = new PendingReplies();
    private final ConnectionDbs jedisDbs = new ConnectionDbs();

    public RedisCommandRecorder(CacheStats stats, RedisServers servers) {
        this.stats = stats;
        this.servers = servers;
    }

    // ---- Jedis ----

    @Override
    public void jedisCommand(Object connection, Object arguments, Object command, Object result, Throwable thrown,
                             long startNanos) {
        long nanos = System.nanoTime() - startNanos;
        try {
            RequestScope.current().addRedis(nanos);
            JedisAccess a = JEDIS.get(arguments.getClass());
            CommandInfo info = CommandInfo.ofCommand(command);
            List<?> args = (List<?>) (Object) a.args.invokeExact(arguments);
            Keyspace ks = null;
            if (info.kind != CommandInfo.NO_KEY && args.size() > 1) {
                ks = stats.keyspace((Object) a.getRaw.invokeExact((Object) args.get(1)));
            }
            String errorType = thrown == null ? null : ErrorTypes.ofJedis(thrown);
            stats.record(CacheStats.JEDIS, info.name, ks, jedisDbs.get(connection), nanos, errorType);
            if (errorType == null && info.isRead() && ks != null) {
                if (info.kind == CommandInfo.READ) {
                    stats.read(CacheStats.JEDIS, ks, result != null);
                } else if (result instanceof List) {
                    List<?> values = (List<?>) result;
                    for (int i = 0; i < values.size(); i++) {
                        Keyspace k = ks;
                        if (info.kind == CommandInfo.READ_KEYS) {
                            if (i + 1 >= args.size()) {
                                break;
                            }
                            k = stats.keyspace((Object) a.getRaw.invokeExact((Object) args.get(i + 1)));
                        }
                        stats.read(CacheStats.JEDIS, k, values.get(i) != null);
                    }
                }
            }
        } catch (Throwable t) {
            Vitals.reportFailure("jedis", t);
        }
    }

    @Override
    public void jedisQueued(Object pipeline, Object arguments, Object command, Object response) {
        long now = System.nanoTime();
        try {
            int slot = pending.reserve(response, now);
            if (slot < 0) {
                if (slot == IdentitySlots.NONE) {
                    Log.warnRateLimited("jedis-pending", PENDING_FULL, null);
                }
                return;
            }
            try {
                CommandInfo info = CommandInfo.ofCommand(command);
                pending.fill(slot, info, jedisDbs.get(PIPELINE_CONNECTIONS.get(pipeline.getClass()).of(pipeline)));
                if (info.kind != CommandInfo.NO_KEY) {
                    JedisAccess a = JEDIS.get(arguments.getClass());
                    List<?> args = (List<?>) (Object) a.args.invokeExact(arguments);
                    int keys = info.kind == CommandInfo.READ_KEYS ? args.size() - 1 : Math.min(1, args.size() - 1);
                    for (int i = 1; i <= keys && i <= PendingReplies.KEYS; i++) {
                        pending.addKeyspace(slot, stats.keyspace((Object) a.getRaw.invokeExact((Object) args.get(i))));
                    }
                }
            } finally {
                pending.publish(slot, response);
            }
        } catch (Throwable t) {
            Vitals.reportFailure("jedis", t);
        }
    }

    @Override
    public void jedisReply(Object response, Object data) {
        int slot = pending.claim(response);
        if (slot < 0) {
            return;
        }
        long nanos = System.nanoTime() - pending.start(slot);
        try {
            CommandInfo info = pending.info(slot);
            Keyspace ks = pending.keyspace(slot, 0);
            String errorType = data instanceof Throwable ? ErrorTypes.ofJedis((Throwable) data) : null;
            stats.record(CacheStats.JEDIS, info.name, ks, pending.db(slot), nanos, errorType);
            if (errorType == null && info.isRead() && ks != null) {
                if (info.kind == CommandInfo.READ) {
                    stats.read(CacheStats.JEDIS, ks, data != null);
                } else if (data instanceof List) {
                    List<?> values = (List<?>) data;
                    for (int i = 0; i < values.size(); i++) {
                        Keyspace k = ks;
                        if (info.kind == CommandInfo.READ_KEYS) {
                            k = pending.keyspace(slot, i);
                            if (k == null) {
                                k = stats.noKeyspace(); // past the keyspaces kept per command
                            }
                        }
                        stats.read(CacheStats.JEDIS, k, values.get(i) != null);
                    }
                }
            }
        } catch (Throwable t) {
            Vitals.reportFailure("jedis", t);
        } finally {
            pending.release(slot);
        }
    }

    @Override
    public void jedisBatch(long startNanos) {
        RequestScope.current().addRedis(System.nanoTime() - startNanos);
    }

    @Override
    public void jedisSelected(Object connection, int db) {
        jedisDbs.put(connection, db);
    }

    // ---- Lettuce ----

    @Override
    public void lettuceDispatched(Object connection, Object command) {
        try {
            int db = 0;
            if (connection != null) {
                LettuceConnectionAccess c = LETTUCE_CONNECTIONS.get(connection.getClass());
                if (c.getConnectionState != null) {
                    Object state = (Object) c.getConnectionState.invokeExact(connection);
                    if (state != null) {
                        db = (int) c.getDb.invokeExact(state);
                    }
                }
            }
            RequestScope scope = RequestScope.current();
            long request = scope.requestId();
            if (!inFlight.put(command, System.nanoTime(), db, request == 0 ? null : scope, request)) {
                Log.warnRateLimited("lettuce-inflight", IN_FLIGHT_FULL, null);
            }
        } catch (Throwable t) {
            Vitals.reportFailure("lettuce", t);
        }
    }

    @Override
    public void lettuceCompleted(Object command, Object type, Object args, String errorReply, Object result,
                                 Throwable error, boolean cancelled) {
        int slot = inFlight.claim(command);
        if (slot < 0) {
            return;
        }
        long now = System.nanoTime();
        long nanos = now - inFlight.start(slot);
        int db = inFlight.db(slot);
        inFlight.settle(slot, now); // unless lettuceSettling already did
        inFlight.release(slot);
        try {
            LettuceArgsAccess a = LETTUCE_ARGS.get(command.getClass());
            CommandInfo info = CommandInfo.ofCommand(type);
            List<?> singular = args == null ? null : (List<?>) (Object) a.singularArguments.invokeExact(args);
            Object firstKey = singular == null ? null : a.key(singular, 0);
            Keyspace ks = firstKey == null ? null : stats.keyspace(firstKey);
            // An error reply is in the output whether Lettuce completes the command normally or, from
            // AsyncCommand, exceptionally with a RedisCommandExecutionException carrying the same message.
            String errorType;
            if (cancelled) {
                errorType = ErrorTypes.CANCELLED;
            } else if (errorReply != null && (error == null || a.executionException.isInstance(error))) {
                errorType = ErrorTypes.ofReply(errorReply);
            } else if (error != null) {
                errorType = error.getClass().getName();
            } else {
                errorType = null;
            }
            stats.record(CacheStats.LETTUCE, info.name, ks, db, nanos, errorType);
            if (errorType == null && info.isRead() && ks != null) {
                if (info.kind == CommandInfo.READ) {
                    stats.read(CacheStats.LETTUCE, ks, a.isHit(result));
                } else if (result instanceof List) {
                    List<?> values = (List<?>) result;
                    int keyIndex = 0;
                    for (int i = 0; i < values.size(); i++) {
                        Keyspace k = ks;
                        if (info.kind == CommandInfo.READ_KEYS) {
                            Object key = a.key(singular, keyIndex++);
                            if (key == null) {
                                break;
                            }
                            k = stats.keyspace(key);
                        }
                        stats.read(CacheStats.LETTUCE, k, a.isHit(values.get(i)));
                    }
                }
            }
        } catch (Throwable t) {
            Vitals.reportFailure("lettuce", t);
        }
    }

    @Override
    public void lettuceSettling(Object command) {
        inFlight.settle(command, System.nanoTime());
    }

    @Override
    public void lettuceStreamed(Object type, Object args, Object item) {
        try {
            CommandInfo info = CommandInfo.ofCommand(type);
            if ((info.kind != CommandInfo.READ_KEYS && info.kind != CommandInfo.READ_FIELDS) || args == null) {
                return;
            }
            LettuceArgsAccess a = LETTUCE_ARGS.get(args.getClass());
            if (info.kind == CommandInfo.READ_KEYS) {
                if (a.keyValue.isInstance(item)) {
                    Object key = (Object) a.getKey.invokeExact(item);
                    stats.read(CacheStats.LETTUCE, key == null ? stats.noKeyspace() : stats.keyspace(key), a.isHit(item));
                }
            } else {
                List<?> singular = (List<?>) (Object) a.singularArguments.invokeExact(args);
                Object key = a.key(singular, 0);
                if (key != null) {
                    stats.read(CacheStats.LETTUCE, stats.keyspace(key), a.isHit(item));
                }
            }
        } catch (Throwable t) {
            Vitals.reportFailure("lettuce", t);
        }
    }

    // ---- both ----

    @Override
    public void connected(Object address) {
        try {
            if (address instanceof Socket) {
                Socket s = (Socket) address;
                servers.connected(s.getInetAddress(), s.getPort());
            } else if (address instanceof InetSocketAddress) {
                InetSocketAddress a = (InetSocketAddress) address;
                servers.connected(a.getAddress(), a.getPort());
            }
        } catch (Throwable t) {
            Vitals.reportFailure("redis", t);
        }
    }

    // ---- method handles, once per library class ----

    private static final MethodType OBJECT_TO_OBJECT = MethodType.methodType(Object.class, Object.class);

    static MethodHandle method(Class<?> owner, String name) throws ReflectiveOperationException {
        Method m = owner.getMethod(name);
        m.setAccessible(true);
        return MethodHandles.lookup().unreflect(m).asType(OBJECT_TO_OBJECT);
    }

    static MethodHandle declaredMethod(Class<?> owner, String name, Class<?> returnType) throws ReflectiveOperationException {
        Method m = owner.getDeclaredMethod(name);
        m.setAccessible(true);
        return MethodHandles.lookup().unreflect(m).asType(MethodType.methodType(returnType, Object.class));
    }

    static MethodHandle field(Class<?> type, String name) throws ReflectiveOperationException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return MethodHandles.lookup().unreflectGetter(f).asType(OBJECT_TO_OBJECT);
            } catch (NoSuchFieldException next) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }

    static Class<?> load(Class<?> near, String name) throws ClassNotFoundException {
        return Class.forName(name, false, near.getClassLoader());
    }

    /** Jedis' {@code CommandArguments}: its argument list and {@code Rawable.getRaw()}. */
    static final class JedisAccess {
        final MethodHandle args;
        final MethodHandle getRaw;

        JedisAccess(Class<?> argumentsClass) throws ReflectiveOperationException {
            this.args = field(argumentsClass, "args");
            this.getRaw = method(load(argumentsClass, "redis.clients.jedis.args.Rawable"), "getRaw");
        }
    }

    private static final ClassValue<JedisAccess> JEDIS = new ClassValue<JedisAccess>() {
        @Override
        protected JedisAccess computeValue(Class<?> type) {
            try {
                return new JedisAccess(type);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("unsupported Jedis version: " + e, e);
            }
        }
    };

    /**
     * Lettuce's {@code CommandArgs} key arguments, {@code KeyValue}/{@code Value} and
     * {@code RedisCommandExecutionException}, resolved through the class loader of {@code near} (a Lettuce
     * command or argument class).
     */
    static final class LettuceArgsAccess {
        final MethodHandle singularArguments;
        final Class<?> keyArgument;
        final MethodHandle keyField;
        final Class<?> value;
        final MethodHandle hasValue;
        final Class<?> executionException;
        final Class<?> keyValue;
        final MethodHandle getKey;

        LettuceArgsAccess(Class<?> near) throws ReflectiveOperationException {
            this.singularArguments = field(load(near, "io.lettuce.core.protocol.CommandArgs"), "singularArguments");
            this.keyArgument = load(near, "io.lettuce.core.protocol.CommandArgs$KeyArgument");
            this.keyField = field(keyArgument, "key");
            this.value = load(near, "io.lettuce.core.Value");
            this.hasValue = method(value, "hasValue");
            this.executionException = load(near, "io.lettuce.core.RedisCommandExecutionException");
            this.keyValue = load(near, "io.lettuce.core.KeyValue");
            this.getKey = method(keyValue, "getKey");
        }

        /** The {@code n}th key argument's key, or null. */
        Object key(List<?> singular, int n) throws Throwable {
            int seen = 0;
            for (int i = 0; i < singular.size(); i++) {
                Object arg = singular.get(i);
                if (arg != null && arg.getClass() == keyArgument) {
                    if (seen++ == n) {
                        return (Object) keyField.invokeExact(arg);
                    }
                }
            }
            return null;
        }

        /** A reply value is a hit unless it is nil (null, or a Lettuce {@code Value} without a value). */
        boolean isHit(Object result) throws Throwable {
            if (result == null) {
                return false;
            }
            if (value.isInstance(result)) {
                return (boolean) (Object) hasValue.invokeExact(result);
            }
            return true;
        }
    }

    private static final ClassValue<LettuceArgsAccess> LETTUCE_ARGS = new ClassValue<LettuceArgsAccess>() {
        @Override
        protected LettuceArgsAccess computeValue(Class<?> type) {
            try {
                return new LettuceArgsAccess(type);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("unsupported Lettuce version: " + e, e);
            }
        }
    };

    /** A Lettuce connection's selected database: {@code getConnectionState().getDb()} where it exists. */
    static final class LettuceConnectionAccess {
        final MethodHandle getConnectionState;
        final MethodHandle getDb;

        LettuceConnectionAccess(Class<?> connectionClass) {
            MethodHandle state = null;
            MethodHandle db = null;
            try {
                state = method(connectionClass, "getConnectionState");
                db = declaredMethod(load(connectionClass, "io.lettuce.core.ConnectionState"), "getDb", int.class);
            } catch (ReflectiveOperationException | RuntimeException absent) {
                // cluster and pub/sub connections: database 0
                state = null;
            }
            this.getConnectionState = state;
            this.getDb = db;
        }
    }

    private static final ClassValue<LettuceConnectionAccess> LETTUCE_CONNECTIONS = new ClassValue<LettuceConnectionAccess>() {
        @Override
        protected LettuceConnectionAccess computeValue(Class<?> type) {
            return new LettuceConnectionAccess(type);
        }
    };

    /** A Jedis pipeline's or transaction's {@code connection} field, where it has one (not cluster pipelines). */
    static final class PipelineConnection {
        private final MethodHandle connection;

        PipelineConnection(Class<?> type) {
            MethodHandle h;
            try {
                h = field(type, "connection");
            } catch (ReflectiveOperationException | RuntimeException absent) {
                h = null; // a cluster pipeline: one connection per node, database 0
            }
            this.connection = h;
        }

        /** The pipeline's connection, or null. */
        Object of(Object pipeline) throws Throwable {
            return connection == null ? null : (Object) connection.invokeExact(pipeline);
        }
    }

    private static final ClassValue<PipelineConnection> PIPELINE_CONNECTIONS = new ClassValue<PipelineConnection>() {
        @Override
        protected PipelineConnection computeValue(Class<?> type) {
            return new PipelineConnection(type);
        }
    };

    /**
     * The database a Jedis connection selected, by the connection's identity hash: one slot per hash bucket, no
     * reference to the connection. Most connections never select (database 0, the default when absent); a
     * collision between two selecting connections can mislabel one's database until it selects again.
     */
    static final class ConnectionDbs {
        private static final int SLOTS = 1024;
        private final AtomicLongArray slots = new AtomicLongArray(SLOTS);

        void put(Object connection, int db) {
            int h = System.identityHashCode(connection);
            slots.set(h & (SLOTS - 1), ((long) h << 32) | (1L << 31) | (db & 0x7fffffffL));
        }

        int get(Object connection) {
            int h = System.identityHashCode(connection);
            long v = slots.get(h & (SLOTS - 1));
            if ((v & (1L << 31)) != 0 && (int) (v >>> 32) == h) {
                return (int) (v & 0x7fffffffL);
            }
            return 0;
        }
    }
}

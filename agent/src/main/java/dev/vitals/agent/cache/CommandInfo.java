package dev.vitals.agent.cache;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * What Vitals needs to know about one Redis command: its name (the client's interned enum constant name, so
 * recording never builds a string) and how its key and reply are read. Resolved once per enum constant of a
 * client's command enum (Jedis' {@code Protocol.Command}, Lettuce's {@code CommandType}) and kept in a
 * {@link ClassValue} array indexed by ordinal.
 */
final class CommandInfo {
    /** The first argument is the key; the reply is not a cache read. */
    static final int KEYED = 0;
    /** No key at a known position (server, connection, scripting and multi-key commands). */
    static final int NO_KEY = 1;
    /** A cache read of one key: a nil reply is a miss ({@code GET}, {@code HGET}, ...). */
    static final int READ = 2;
    /** A cache read of every key argument: element i of the list reply is key i's result ({@code MGET}). */
    static final int READ_KEYS = 3;
    /** A cache read of several fields of one key: each nil element is a miss ({@code HMGET}). */
    static final int READ_FIELDS = 4;

    static final CommandInfo OTHER = new CommandInfo("OTHER", NO_KEY);

    private static final Set<String> READS = new HashSet<>(Arrays.asList(
            "GET", "GETEX", "GETDEL", "HGET", "LINDEX", "ZSCORE", "JSON.GET"));
    private static final Set<String> NO_KEYS = new HashSet<>(Arrays.asList(
            "PING", "ECHO", "INFO", "SELECT", "AUTH", "HELLO", "CLIENT", "CONFIG", "DBSIZE", "FLUSHDB", "FLUSHALL",
            "KEYS", "SCAN", "RANDOMKEY", "TIME", "MULTI", "EXEC", "DISCARD", "QUIT", "RESET", "SCRIPT", "FUNCTION",
            "COMMAND", "MEMORY", "SLOWLOG", "LASTSAVE", "SAVE", "BGSAVE", "BGREWRITEAOF", "ROLE", "WAIT", "WAITAOF",
            "PUBLISH", "SPUBLISH", "SUBSCRIBE", "SSUBSCRIBE", "PSUBSCRIBE", "UNSUBSCRIBE", "SUNSUBSCRIBE",
            "PUNSUBSCRIBE", "PUBSUB", "EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO", "MONITOR",
            "SHUTDOWN", "SWAPDB", "OBJECT", "DEBUG", "CLUSTER", "READONLY", "READWRITE", "ASKING", "LATENCY", "MODULE",
            "ACL", "SYNC", "PSYNC", "REPLICAOF", "SLAVEOF", "LOLWUT", "XREAD", "XREADGROUP", "BLMPOP", "LMPOP",
            "BZMPOP", "ZMPOP", "SINTERCARD", "ZINTERCARD", "ZUNION", "ZINTER", "ZDIFF", "BITOP", "UNWATCH",
            "FAILOVER", "SENTINEL", "GEORADIUS_RO", "TOUCH"));

    final String name;
    final int kind;

    CommandInfo(String name, int kind) {
        this.name = name;
        this.kind = kind;
    }

    /** The info of a command named {@code name} (a Redis command name in upper case). */
    static CommandInfo of(String name) {
        if (READS.contains(name)) {
            return new CommandInfo(name, READ);
        }
        if ("MGET".equals(name)) {
            return new CommandInfo(name, READ_KEYS);
        }
        if ("HMGET".equals(name)) {
            return new CommandInfo(name, READ_FIELDS);
        }
        return new CommandInfo(name, NO_KEYS.contains(name) ? NO_KEY : KEYED);
    }

    boolean isRead() {
        return kind >= READ;
    }

    /** Per-enum-class table: infos indexed by ordinal. Holds only strings, never the enum class. */
    static final ClassValue<CommandInfo[]> BY_ENUM = new ClassValue<CommandInfo[]>() {
        @Override
        protected CommandInfo[] computeValue(Class<?> type) {
            Object[] constants = type.getEnumConstants();
            if (constants == null) {
                return new CommandInfo[0];
            }
            CommandInfo[] infos = new CommandInfo[constants.length];
            for (int i = 0; i < constants.length; i++) {
                infos[i] = of(((Enum<?>) constants[i]).name());
            }
            return infos;
        }
    };

    /** The info of a client's command object: an enum constant (allocation-free) or anything else. */
    static CommandInfo ofCommand(Object command) {
        if (command instanceof Enum) {
            Enum<?> e = (Enum<?>) command;
            CommandInfo[] infos = BY_ENUM.get(e.getDeclaringClass());
            int ordinal = e.ordinal();
            if (ordinal < infos.length) {
                return infos[ordinal];
            }
        }
        return OTHER;
    }
}

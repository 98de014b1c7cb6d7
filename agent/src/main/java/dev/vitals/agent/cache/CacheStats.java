package dev.vitals.agent.cache;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.log.Log;
import dev.vitals.agent.metrics.MetricDescriptor;
import dev.vitals.agent.metrics.CounterFamily;
import dev.vitals.agent.metrics.MetricRegistry;
import dev.vitals.agent.metrics.TimerFamily;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What Redis commands record into, and what {@code /health/cache} reads.
 *
 * <p>Per command: one series of the Prometheus timer family {@value #DURATION} (shared with JDBC; labels
 * system, operation, collection = keyspace, namespace = database index, error type), one series of an internal
 * timer family per client, keyspace and command (the latency distribution and operations by command of
 * {@code /health/cache}; Prometheus does not see it), and the keyspace's per-client totals. Read commands add a
 * hit or a miss per key to {@value #CACHE_REQUESTS} and the keyspace. For an existing keyspace and command this
 * is a few lock-free hash lookups, two HdrHistogram records and a few {@code LongAdder} increments: no
 * allocation, no lock.
 *
 * <p>Thread-safe. Key values are never stored: only keyspaces (see {@link KeyspaceRule}) reach any label.
 */
public final class CacheStats {
    public static final String DURATION = "db_client_operation_duration_seconds";
    /** {@code error_type} of a command that succeeded, as JDBC and HTTP-client series write it. */
    static final String SUCCESS = "none";
    public static final String DURATION_HELP = "Duration of database client operations.";
    public static final String CACHE_REQUESTS = "vitals_cache_requests_total";
    public static final int JEDIS = 0;
    public static final int LETTUCE = 1;
    static final String[] CLIENTS = {"jedis", "lettuce"};
    private static final String SYSTEM = "redis";
    private static final String[] DB_NAMES = new String[64];

    static {
        for (int i = 0; i < DB_NAMES.length; i++) {
            DB_NAMES[i] = Integer.toString(i);
        }
    }

    private final TimerFamily duration;
    private final CounterFamily cacheRequests;
    private final TimerFamily latency;
    private final CounterFamily errorsByCommand;
    private final Keyspaces keyspaces;

    public CacheStats(MetricRegistry registry, KeyspaceRule rule, int keyspaceLimit) {
        int keyspaceCount = keyspaceLimit + rule.namedCount() + 2;
        // Shared with JDBC: whichever registers first sets the cap; both stay far below it in practice.
        this.duration = registry.timerFamily(DURATION, 5_000,
                "db_system_name", "db_operation_name", "db_collection_name", "db_namespace", "error_type");
        this.cacheRequests = registry.counterFamily(CACHE_REQUESTS, keyspaceCount * 2, "keyspace", "result");
        int perClient = Math.min(keyspaceCount * 32, 20_000);
        this.latency = registry.internalTimerFamily("vitals_cache_latency", perClient * CLIENTS.length, "client", "keyspace", "command");
        this.errorsByCommand = registry.internalCounterFamily("vitals_cache_errors", perClient * CLIENTS.length, "client", "keyspace", "command");
        this.keyspaces = new Keyspaces(rule, keyspaceLimit, (name, ascii, hash) -> new Keyspace(name, ascii, hash,
                cacheRequests.get(name, "hit"), cacheRequests.get(name, "miss")));
    }

    /** Builds the stats from the configuration and describes the Prometheus families. */
    public static CacheStats create(AgentContext context) {
        Config config = context.config();
        List<String> rejected = new ArrayList<>();
        List<String[]> named = KeyspaceRule.parseNamed(config.get(Keys.CACHE_KEYSPACES), rejected);
        for (String r : rejected) {
            Log.warn(Keys.CACHE_KEYSPACES.name() + ": '" + r + "' is not NAME=prefix; it is ignored");
        }
        KeyspaceRule rule = new KeyspaceRule(config.get(Keys.CACHE_KEYSPACE_DELIMITERS),
                config.get(Keys.CACHE_KEYSPACE_SEGMENTS), named);
        CacheStats stats = new CacheStats(context.registry(), rule, config.get(Keys.LIMIT_KEYSPACES));
        context.registryMetrics().describe(DURATION, new MetricDescriptor(DURATION_HELP, "seconds",
                MetricDescriptor.DURATION_BUCKETS));
        context.registryMetrics().describe(CACHE_REQUESTS, new MetricDescriptor(
                "Cache reads by keyspace: a read command that returned nil is a miss, any other result a hit.", "",
                new double[0]));
        return stats;
    }

    public Keyspace keyspace(byte[] key) {
        return keyspaces.of(key);
    }

    public Keyspace keyspace(CharSequence key) {
        return keyspaces.of(key);
    }

    /** The keyspace of a key object of any type (bytes or a string; anything else has none). */
    public Keyspace keyspace(Object key) {
        return keyspaces.ofObject(key);
    }

    public Keyspace noKeyspace() {
        return keyspaces.none();
    }

    /**
     * Records one command. {@code keyspace} null means the command has no key. {@code errorType} null means it
     * succeeded. Allocation-free once the series exist.
     */
    public void record(int client, String command, Keyspace keyspace, int db, long nanos, String errorType) {
        if (keyspace != null && db == 0 && errorType == null) {
            Keyspace.CommandTimers t = timers(client, command, keyspace);
            if (t != null) {
                t.duration.record(nanos);
                t.latency.record(nanos);
                keyspace.operations[client].increment();
                return;
            }
        }
        String collection = keyspace == null ? null : keyspace.name;
        duration.get(SYSTEM, command, collection, db >= 0 && db < DB_NAMES.length ? DB_NAMES[db] : Integer.toString(db),
                errorType == null ? SUCCESS : errorType).record(nanos);
        Keyspace k = keyspace == null ? keyspaces.none() : keyspace;
        latency.get(CLIENTS[client], k.name, command).record(nanos);
        k.operations[client].increment();
        if (errorType != null) {
            k.errors[client].increment();
            errorsByCommand.get(CLIENTS[client], k.name, command).increment();
        }
    }

    /**
     * The keyspace's cached timers of {@code command} for database 0 and success, created on first use; null
     * when the command's four probe slots hold other commands.
     */
    private Keyspace.CommandTimers timers(int client, String command, Keyspace k) {
        int base = client * Keyspace.TIMER_SLOTS;
        int h = command.hashCode();
        for (int p = 0; p < 4; p++) {
            int i = base + ((h + p) & (Keyspace.TIMER_SLOTS - 1));
            Keyspace.CommandTimers t = k.timers.get(i);
            if (t == null) {
                t = new Keyspace.CommandTimers(command, duration.get(SYSTEM, command, k.name, DB_NAMES[0], SUCCESS),
                        latency.get(CLIENTS[client], k.name, command));
                if (k.timers.compareAndSet(i, null, t)) {
                    return t;
                }
                t = k.timers.get(i);
            }
            if (t.command == command || t.command.equals(command)) {
                return t;
            }
        }
        return null; // four other commands hold this command's slots: the families' lookups serve it
    }

    /** Counts one cache read of a key in {@code keyspace}: a hit, or a miss (nil reply). */
    public void read(int client, Keyspace keyspace, boolean hit) {
        if (hit) {
            keyspace.promHits.increment();
            keyspace.hits[client].increment();
        } else {
            keyspace.promMisses.increment();
            keyspace.misses[client].increment();
        }
    }

    // ---- read side ----

    List<Keyspace> keyspaces() {
        return keyspaces.all();
    }

    int keyspaceCount() {
        return keyspaces.size();
    }

    TimerFamily latency() {
        return latency;
    }

    CounterFamily errorsByCommand() {
        return errorsByCommand;
    }

    /** Sum over clients of one of a keyspace's per-client totals. */
    static long sum(LongAdder[] adders) {
        long s = 0;
        for (LongAdder a : adders) {
            s += a.sum();
        }
        return s;
    }
}

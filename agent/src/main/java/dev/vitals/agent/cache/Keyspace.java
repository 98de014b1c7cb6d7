package dev.vitals.agent.cache;

import dev.vitals.agent.metrics.Counter;
import dev.vitals.agent.metrics.Timer;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * One keyspace and the handles its commands record into, resolved once when the keyspace is first seen: the
 * Prometheus hit and miss counters and per-client totals. Immutable apart from the counters; thread-safe.
 */
public final class Keyspace {
    final String name;
    /** The prefix as ASCII bytes (null for named, overflow and none keyspaces, which are not in the table). */
    final byte[] ascii;
    final int hash;
    final Counter promHits;
    final Counter promMisses;
    final LongAdder[] hits = adders();
    final LongAdder[] misses = adders();
    final LongAdder[] operations = adders();
    final LongAdder[] errors = adders();
    /**
     * Per client, the timers of the commands seen in this keyspace for the common case (database 0, success),
     * so that a command's two series are found with one array read instead of eight map lookups. Slots are
     * written once (CAS); a command whose slots are all taken uses the families' lookups.
     */
    final AtomicReferenceArray<CommandTimers> timers = new AtomicReferenceArray<>(CacheStats.CLIENTS.length * TIMER_SLOTS);
    static final int TIMER_SLOTS = 32;

    Keyspace(String name, byte[] ascii, int hash, Counter promHits, Counter promMisses) {
        this.name = name;
        this.ascii = ascii;
        this.hash = hash;
        this.promHits = promHits;
        this.promMisses = promMisses;
    }

    public String name() {
        return name;
    }

    /** The cached timers of one command (compared by identity: command names are the clients' enum names). */
    static final class CommandTimers {
        final String command;
        final Timer duration;
        final Timer latency;

        CommandTimers(String command, Timer duration, Timer latency) {
            this.command = command;
            this.duration = duration;
            this.latency = latency;
        }
    }

    private static LongAdder[] adders() {
        LongAdder[] a = new LongAdder[CacheStats.CLIENTS.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }
}

package dev.vitals.agent.cache;

import dev.vitals.bootstrap.Counter;

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

    private static LongAdder[] adders() {
        LongAdder[] a = new LongAdder[CacheStats.CLIENTS.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }
}

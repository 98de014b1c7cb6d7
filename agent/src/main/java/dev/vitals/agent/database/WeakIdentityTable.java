package dev.vitals.agent.database;

import java.lang.ref.WeakReference;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A fixed-size map from application objects (statements, connections, data sources), compared by identity and
 * held weakly, to agent values. It never holds an application object strongly, never grows, and
 * {@link #get(Object)} allocates nothing and takes no lock: it hashes the key's identity and compares at most
 * {@value #PROBES} slots.
 *
 * <p>{@link #put} allocates one entry (a {@link WeakReference}). It takes the first slot of the key's probe
 * window that is empty, holds a collected key, or holds the same key; when all {@value #PROBES} slots hold live keys
 * it evicts one at random. So the table is a bounded cache: an evicted key simply reads as absent, and callers fall
 * back to the slow path. Values must not reference their key (or the key would never be collected).
 *
 * <p>Thread-safe: slots are published with volatile semantics; racing puts of one key may leave two entries, both
 * correct.
 */
public final class WeakIdentityTable<V> {
    static final int PROBES = 8;

    private final AtomicReferenceArray<Entry<V>> slots;
    private final int mask;

    /** @param capacity slots, rounded up to a power of two (at least {@value #PROBES}) */
    public WeakIdentityTable(int capacity) {
        int size = Integer.highestOneBit(Math.max(PROBES, capacity - 1)) << 1;
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    private static final class Entry<V> extends WeakReference<Object> {
        final V value;

        Entry(Object key, V value) {
            super(key);
            this.value = value;
        }
    }

    private static int hash(Object key) {
        int h = System.identityHashCode(key);
        return h ^ (h >>> 16);
    }

    /** The value for {@code key}, or null. No allocation, no lock. */
    public V get(Object key) {
        if (key == null) {
            return null;
        }
        int h = hash(key);
        for (int i = 0; i < PROBES; i++) {
            Entry<V> e = slots.get((h + i) & mask);
            if (e == null) {
                return null;
            }
            if (e.get() == key) {
                return e.value;
            }
        }
        return null;
    }

    /** Maps {@code key} to {@code value}, replacing an earlier value of the same key. */
    public void put(Object key, V value) {
        if (key == null) {
            return;
        }
        Entry<V> fresh = new Entry<>(key, value);
        int h = hash(key);
        // Look again only after losing a race for a slot: a window of live keys is answered by eviction at
        // once (each probe dereferences an entry, a likely cache miss, and between two collections the table
        // is often full of statements that are closed but not yet collected).
        for (int attempt = 0; attempt < 4; attempt++) {
            boolean lostRace = false;
            for (int i = 0; i < PROBES && !lostRace; i++) {
                int slot = (h + i) & mask;
                Entry<V> e = slots.get(slot);
                Object k = e == null ? null : e.get();
                if (e == null || k == null || k == key) {
                    if (slots.compareAndSet(slot, e, fresh)) {
                        return;
                    }
                    lostRace = true;
                }
            }
            if (!lostRace) {
                break;
            }
        }
        slots.set((h + ThreadLocalRandom.current().nextInt(PROBES)) & mask, fresh);
    }

    /** Slots holding a live key: a read-side count for tests and footprint reports. */
    public int liveEntries() {
        int live = 0;
        for (int i = 0; i < slots.length(); i++) {
            Entry<V> e = slots.get(i);
            if (e != null && e.get() != null) {
                live++;
            }
        }
        return live;
    }

    public int capacity() {
        return slots.length();
    }
}

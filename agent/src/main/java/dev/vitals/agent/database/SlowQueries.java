package dev.vitals.agent.database;

import java.util.ArrayList;
import java.util.List;

/**
 * The most recent slow statements, newest first, in a fixed ring. Holds only sanitised SQL (literals replaced by
 * {@code ?}) and label-like strings: nothing of the application's data and no application object.
 *
 * <p>Thread-safe: {@link #add} and {@link #recent} lock the ring briefly. Only statements over the slow threshold
 * reach it, so the lock is never on the common path.
 */
final class SlowQueries {
    /** One slow statement. Immutable. */
    static final class Entry {
        final long timestampMillis;
        final String source;
        final String operation;
        final String table;
        final String sanitized;
        final long durationNanos;
        /** SQLState or exception class of a failed statement, or null. */
        final String error;

        Entry(long timestampMillis, String source, String operation, String table, String sanitized,
              long durationNanos, String error) {
            this.timestampMillis = timestampMillis;
            this.source = source;
            this.operation = operation;
            this.table = table;
            this.sanitized = sanitized;
            this.durationNanos = durationNanos;
            this.error = error;
        }
    }

    private final Entry[] ring;
    private int next;
    private long added;

    SlowQueries(int capacity) {
        this.ring = new Entry[Math.max(1, capacity)];
    }

    synchronized void add(Entry e) {
        ring[next] = e;
        next = (next + 1) % ring.length;
        added++;
    }

    /** Newest first; only entries of {@code source} (null for all) at or after {@code sinceMillis}. */
    synchronized List<Entry> recent(String source, long sinceMillis, int limit) {
        List<Entry> out = new ArrayList<>();
        for (int k = 1; k <= ring.length && out.size() < limit; k++) {
            Entry e = ring[Math.floorMod(next - k, ring.length)];
            if (e == null) {
                break;
            }
            if ((source == null || source.equals(e.source)) && e.timestampMillis >= sinceMillis) {
                out.add(e);
            }
        }
        return out;
    }

    synchronized long added() {
        return added;
    }

    int capacity() {
        return ring.length;
    }
}

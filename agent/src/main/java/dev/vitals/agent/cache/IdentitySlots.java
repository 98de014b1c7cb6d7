package dev.vitals.agent.cache;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed table of per-object slots keyed by the object's identity hash, for state that must live beside a
 * library object the agent cannot add a field to (a Lettuce command, a Jedis pipelined {@code Response}, a
 * Reactor Netty request or client call).
 * Subclasses add their own per-slot arrays.
 *
 * <p>It holds no reference to the keyed object (only its identity hash), so it can never keep an application
 * object or class loader alive, and it allocates nothing. A slot's state is 0 (free), {@link #BUSY} (being
 * written or read) or the object's tag (identity hash with a marker bit); {@link #reserve} and {@link #claim}
 * CAS it, so both are lock-free. A reserve probes at most {@value #PROBES} slots; when all are taken it
 * reclaims a slot older than {@value #STALE_SECONDS} s (an object never completed) or gives up. Two live objects
 * with the same identity hash (a 1 in 2^31 chance per pair) would swap entries; that only skews two samples.
 */
public abstract class IdentitySlots {
    static final int PROBES = 16;
    static final long STALE_SECONDS = 300;
    /** {@link #reserve} result: the object already has a slot. */
    public static final int PRESENT = -2;
    /** {@link #reserve} and {@link #claim} result: no slot. */
    public static final int NONE = -1;
    private static final long BUSY = 1;
    private static final long MARK = 1L << 40;
    private static final long STALE_NANOS = STALE_SECONDS * 1_000_000_000L;

    final int slots;
    private final AtomicLongArray state;
    private final long[] start;

    /** {@code slots} must be a power of two. */
    protected IdentitySlots(int slots) {
        this.slots = slots;
        this.state = new AtomicLongArray(slots);
        this.start = new long[slots];
    }

    /**
     * Reserves a slot for {@code key} and records its start: returns the slot, which the caller fills and must
     * {@link #publish}; {@link #PRESENT} when {@code key} has one already; {@link #NONE} when the table is full.
     */
    protected final int reserve(Object key, long startNanos) {
        int h = System.identityHashCode(key);
        long tag = tag(h);
        int base = spread(h);
        for (int p = 0; p < PROBES; p++) {
            if (state.get((base + p) & (slots - 1)) == tag) {
                return PRESENT;
            }
        }
        for (int p = 0; p < PROBES; p++) {
            int i = (base + p) & (slots - 1);
            long s = state.get(i);
            boolean free = s == 0;
            // A tagged slot that was never claimed (start[] of a tagged slot was written before its tag).
            boolean stale = !free && s != BUSY && startNanos - start[i] > STALE_NANOS;
            if ((free || stale) && state.compareAndSet(i, s, BUSY)) {
                start[i] = startNanos;
                return i;
            }
        }
        return NONE;
    }

    /** Makes a reserved slot findable; the volatile write publishes what the caller wrote into it. */
    protected final void publish(int slot, Object key) {
        state.set(slot, tag(System.identityHashCode(key)));
    }

    /** The slot of {@code key} without claiming it, or {@link #NONE}. */
    protected final int find(Object key) {
        int h = System.identityHashCode(key);
        long tag = tag(h);
        int base = spread(h);
        for (int p = 0; p < PROBES; p++) {
            int i = (base + p) & (slots - 1);
            if (state.get(i) == tag) {
                return i;
            }
        }
        return NONE;
    }

    /**
     * Claims {@code key}'s slot and returns it, or {@link #NONE} when it has none. The caller reads the slot, then
     * must {@link #release} it.
     */
    protected final int claim(Object key) {
        int h = System.identityHashCode(key);
        long tag = tag(h);
        int base = spread(h);
        for (int p = 0; p < PROBES; p++) {
            int i = (base + p) & (slots - 1);
            if (state.get(i) == tag && state.compareAndSet(i, tag, BUSY)) {
                return i;
            }
        }
        return NONE;
    }

    protected final long start(int slot) {
        return start[slot];
    }

    protected final void release(int slot) {
        clear(slot);
        state.set(slot, 0);
    }

    /** Drops the slot's references before it is freed. */
    protected abstract void clear(int slot);

    private static long tag(int h) {
        return MARK | (h & 0xffffffffL);
    }

    private static int spread(int h) {
        return (h ^ (h >>> 16)) * 0x9E3779B1;
    }
}

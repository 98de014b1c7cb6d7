package dev.vitals.agent.instrumentation.redis;

import dev.vitals.bootstrap.RequestScope;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Start times of Lettuce commands between dispatch and completion, keyed by the command's identity hash.
 *
 * <p>Why a table: Lettuce's {@code Command} has no field for a start time, and the agent does not change class
 * formats (no added fields), so the time must live beside the command. Lettuce's own latency support wraps each
 * command in a new object; this table allocates nothing and holds no reference to the command (only its
 * identity hash), so it can never keep an application object or class loader alive.
 *
 * <p>Layout: {@value #SLOTS} slots of (state, start nanos, database). A slot's state is 0 (free), {@link #BUSY}
 * (being written or read) or the command's tag (identity hash with a marker bit). {@link #put} and
 * {@link #take} CAS the state, so both are lock-free and allocation-free. A put probes at most
 * {@value #PROBES} slots; when all are taken it reclaims a slot older than {@value #STALE_SECONDS} s (a command
 * that never completed) or gives up, and that command's latency is not recorded. Two in-flight commands with
 * the same identity hash (a 1 in 2^31 chance per pair) would swap start times; that only skews two samples.
 *
 * <p>A slot also keeps the request that dispatched the command (its thread's {@link RequestScope} and request
 * number), so the command's time joins that request's breakdown when it completes on Lettuce's event loop.
 * {@link #settle} hands it over at most once (the request number is swapped out) and drops the reference;
 * {@code RequestScope} itself ignores a request that has ended. A scope holds only primitives, so a slot never
 * keeps an application object alive.
 */
final class InFlight {
    static final int SLOTS = 8192;
    static final int PROBES = 16;
    static final long STALE_SECONDS = 300;
    private static final long BUSY = 1;
    private static final long MARK = 1L << 40;
    private static final long STALE_NANOS = STALE_SECONDS * 1_000_000_000L;

    private final AtomicLongArray state = new AtomicLongArray(SLOTS);
    private final long[] start = new long[SLOTS];
    private final int[] db = new int[SLOTS];
    private final RequestScope[] scopes = new RequestScope[SLOTS];
    private final AtomicLongArray requests = new AtomicLongArray(SLOTS);

    /**
     * Remembers {@code command}'s start, and the request ({@code scope}, {@code request}; null and 0 outside one)
     * that dispatched it; returns false when the table had no room for it.
     */
    boolean put(Object command, long startNanos, int database, RequestScope scope, long request) {
        int h = System.identityHashCode(command);
        long tag = MARK | (h & 0xffffffffL);
        int base = spread(h);
        for (int p = 0; p < PROBES; p++) {
            if (state.get((base + p) & (SLOTS - 1)) == tag) {
                return true; // dispatched again (a retry or a nested dispatch): the first start stands
            }
        }
        for (int p = 0; p < PROBES; p++) {
            int i = (base + p) & (SLOTS - 1);
            long s = state.get(i);
            boolean free = s == 0;
            // A marked slot whose command never completed (reading start[] of a marked slot is safe: it was
            // written before the tag was published).
            boolean stale = !free && s != BUSY && startNanos - start[i] > STALE_NANOS;
            if ((free || stale) && state.compareAndSet(i, s, BUSY)) {
                start[i] = startNanos;
                db[i] = database;
                scopes[i] = scope;
                requests.set(i, request);
                state.set(i, tag); // volatile write publishes start and db
                return true;
            }
        }
        return false;
    }

    /**
     * Claims {@code command}'s entry and returns its slot, or -1 when it was not dispatched through an
     * instrumented path (a handshake command) or the table had no room. The caller reads {@link #start(int)} and
     * {@link #db(int)}, then must {@link #release(int)} the slot.
     */
    int claim(Object command) {
        int h = System.identityHashCode(command);
        long tag = MARK | (h & 0xffffffffL);
        int base = spread(h);
        for (int p = 0; p < PROBES; p++) {
            int i = (base + p) & (SLOTS - 1);
            if (state.get(i) == tag && state.compareAndSet(i, tag, BUSY)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The command's result is about to reach its caller: adds its time so far to the request that dispatched
     * it, once. Does not free the slot. A slot reused between the lookup and the swap (the command completed
     * and another took its place, on another thread, within nanoseconds) could misattribute one command.
     */
    void settle(Object command, long nowNanos) {
        int h = System.identityHashCode(command);
        long tag = MARK | (h & 0xffffffffL);
        int base = spread(h);
        for (int p = 0; p < PROBES; p++) {
            int i = (base + p) & (SLOTS - 1);
            if (state.get(i) == tag) {
                settle(i, nowNanos);
                return;
            }
        }
    }

    /** {@link #settle(Object, long)} for a slot the caller found or claimed. */
    void settle(int slot, long nowNanos) {
        long request = requests.getAndSet(slot, 0);
        if (request != 0) {
            RequestScope scope = scopes[slot];
            scopes[slot] = null;
            if (scope != null) {
                scope.addRedisLater(request, nowNanos - start[slot]);
            }
        }
    }

    long start(int slot) {
        return start[slot];
    }

    int db(int slot) {
        return db[slot];
    }

    void release(int slot) {
        scopes[slot] = null;
        requests.set(slot, 0);
        state.set(slot, 0);
    }

    private static int spread(int h) {
        return (h ^ (h >>> 16)) * 0x9E3779B1;
    }
}

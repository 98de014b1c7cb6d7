package dev.vitals.agent.cache;

import dev.vitals.bootstrap.RequestScope;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Lettuce commands between dispatch and completion: start time, database and dispatching request, beside the
 * command ({@link IdentitySlots}). Lettuce's own latency support wraps each command in a new object; this
 * table allocates nothing. When it is full, a command's latency is not recorded.
 *
 * <p>A slot also keeps the request that dispatched the command (its thread's {@link RequestScope} and request
 * number), so the command's time joins that request's breakdown when it completes on Lettuce's event loop.
 * {@link #settle} hands it over at most once (the request number is swapped out) and drops the reference;
 * {@code RequestScope} itself ignores a request that has ended. A scope holds only primitives, so a slot never
 * keeps an application object alive.
 */
final class InFlight extends IdentitySlots {
    static final int SLOTS = 8192;

    private final int[] db = new int[SLOTS];
    private final RequestScope[] scopes = new RequestScope[SLOTS];
    private final AtomicLongArray requests = new AtomicLongArray(SLOTS);

    InFlight() {
        super(SLOTS);
    }

    /**
     * Remembers {@code command}'s start, and the request ({@code scope}, {@code request}; null and 0 outside one)
     * that dispatched it; returns false when the table had no room for it. A command dispatched again (a retry
     * or a nested dispatch) keeps its first entry.
     */
    boolean put(Object command, long startNanos, int database, RequestScope scope, long request) {
        int i = reserve(command, startNanos);
        if (i < 0) {
            return i == PRESENT;
        }
        db[i] = database;
        scopes[i] = scope;
        requests.set(i, request);
        publish(i, command);
        return true;
    }

    /**
     * The command's result is about to reach its caller: adds its time so far to the request that dispatched
     * it, once. Does not free the slot. A slot reused between the lookup and the swap (the command completed
     * and another took its place, on another thread, within nanoseconds) could misattribute one command.
     */
    void settle(Object command, long nowNanos) {
        int i = find(command);
        if (i >= 0) {
            settle(i, nowNanos);
        }
    }

    /** {@link #settle(Object, long)} for a slot the caller found or claimed. */
    void settle(int slot, long nowNanos) {
        long request = requests.getAndSet(slot, 0);
        if (request != 0) {
            RequestScope scope = scopes[slot];
            scopes[slot] = null;
            if (scope != null) {
                scope.addRedisLater(request, nowNanos - start(slot));
            }
        }
    }

    int db(int slot) {
        return db[slot];
    }

    @Override
    protected void clear(int slot) {
        scopes[slot] = null;
        requests.set(slot, 0);
    }
}

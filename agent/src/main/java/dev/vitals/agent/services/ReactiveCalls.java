package dev.vitals.agent.services;

import dev.vitals.agent.cache.IdentitySlots;

/**
 * Reactive outbound calls in flight (Reactor Netty's {@code HttpClient}, under Spring's {@code WebClient} too): the
 * start time beside the client's per-call object, without holding it and without allocating. When the table is
 * full a call is not recorded; one that never ends frees its slot after {@value IdentitySlots#STALE_SECONDS} s
 * when the table is crowded.
 */
final class ReactiveCalls extends IdentitySlots {
    static final int SLOTS = 4096;

    ReactiveCalls() {
        super(SLOTS);
    }

    void start(Object call, long startNanos) {
        int i = reserve(call, startNanos);
        if (i >= 0) {
            publish(i, call);
        }
    }

    /** Ends {@code call}: its duration until {@code nowNanos}, or -1 when it was not started or already ended. */
    long end(Object call, long nowNanos) {
        int i = claim(call);
        if (i < 0) {
            return -1L;
        }
        long nanos = Math.max(0L, nowNanos - start(i));
        release(i);
        return nanos;
    }

    @Override
    protected void clear(int slot) {
        // only the start time, which the next reserve overwrites
    }
}

package dev.vitals.agent.services;

import dev.vitals.agent.cache.IdentitySlots;
import dev.vitals.bootstrap.RequestScope;
import dev.vitals.bootstrap.http.AsyncClientCall;

/**
 * Reactive outbound calls in flight (Reactor Netty's {@code HttpClient}, under Spring's {@code WebClient} too): the
 * start time beside the client's per-call object, without holding it and without allocating. When the table is
 * full a call is not recorded; one that never ends frees its slot after {@value IdentitySlots#STALE_SECONDS} s
 * when the table is crowded.
 */
final class ReactiveCalls extends IdentitySlots {
    static final int SLOTS = 4096;

    /** Per slot: the call's entry in the breakdown of the request that made it, or null. */
    private final Joined[] joined = new Joined[SLOTS];

    ReactiveCalls() {
        super(SLOTS);
    }

    /**
     * Starts {@code call}; made during a request ({@code scope} active: a servlet request, or a reactive request whose
     * handler subscribed to the call), it also joins that request's breakdown, as the other asynchronous calls do.
     * Only such a call allocates (its entry there).
     */
    void start(Object call, long startNanos, RequestScope scope) {
        int i = reserve(call, startNanos);
        if (i >= 0) {
            Joined j = null;
            if (scope.isActive()) {
                j = new Joined(startNanos);
                scope.addHttpClientAsync(j);
            }
            joined[i] = j;
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
        Joined j = joined[i];
        if (j != null) {
            j.finish();
        }
        release(i);
        return nanos;
    }

    @Override
    protected void clear(int slot) {
        joined[slot] = null;
    }

    /** A call's entry in its request's breakdown: its time counts once it has ended when the request's figures are read. */
    static final class Joined extends AsyncClientCall {
        Joined(long startNanos) {
            super(startNanos);
        }

        void finish() {
            end();
        }
    }
}

package dev.vitals.bootstrap.http;

import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * One asynchronous outbound call ({@code HttpClient.sendAsync}, Apache HttpClient 5 async {@code execute}): when
 * it started and, once it has ended, how long it took. The agent subclasses it with the code that records the
 * call; {@link dev.vitals.bootstrap.RequestScope#addHttpClientAsync} keeps the ones a request started, so that
 * their time adds to that request's breakdown.
 *
 * <p>Thread-safety: created on the thread that starts the call, ended on whichever thread completes it;
 * {@link #end()} succeeds once, so a call is recorded once even if the client reports its end twice.
 */
public abstract class AsyncClientCall {
    private static final AtomicLongFieldUpdater<AsyncClientCall> NANOS =
            AtomicLongFieldUpdater.newUpdater(AsyncClientCall.class, "nanos");

    private final long startNanos;
    /** The duration once ended, -1 before. */
    private volatile long nanos = -1L;
    private volatile Future<?> future;

    protected AsyncClientCall(long startNanos) {
        this.startNanos = startNanos;
    }

    public final long startNanos() {
        return startNanos;
    }

    /** The future the client returned for this call, which {@link #elapsed} asks whether the call is done. */
    public final void future(Future<?> f) {
        future = f;
    }

    /** Ends the call now: returns its duration, or -1 if it had already ended (the caller then records nothing). */
    protected final long end() {
        long n = System.nanoTime() - startNanos;
        if (n < 0) {
            n = 0;
        }
        return NANOS.compareAndSet(this, -1L, n) ? n : -1L;
    }

    /**
     * The call's duration if it has ended by {@code nowNanos}, else -1. A future that is done while the completion
     * callback has not run yet counts as ended now: clients wake the thread waiting in {@code get()} before they
     * run callbacks, so that thread can finish its request first.
     */
    public final long elapsed(long nowNanos) {
        long n = nanos;
        if (n >= 0) {
            return n;
        }
        Future<?> f = future;
        return f != null && f.isDone() ? Math.max(0L, nowNanos - startNanos) : -1L;
    }
}

package dev.vitals.agent.services;

import dev.vitals.agent.breaker.CircuitBreaker.State;
import dev.vitals.agent.breaker.CircuitBreaker.Transition;
import dev.vitals.agent.metrics.Snapshot;
import dev.vitals.agent.metrics.Timer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * One external service as Vitals sees it: the state a circuit breaker in front of it would have (the
 * defaults: {@code failureThreshold} consecutive failures open it; a call that starts {@code recoveryMillis} after
 * it opened is the half-open trial; the trial's success closes it, its failure opens it again), windowed call and
 * failure counts, and the recent transitions with reason and time.
 *
 * <p>The view never blocks a call: calls made while it is OPEN are counted but do not change the state (a real
 * breaker would have rejected them), except the first one that started after the recovery time, which is the
 * trial. Health checks ask {@link #tryTrial()} before sending, so no check goes out while it is OPEN.
 *
 * <p><b>Record side</b> ({@link #record}): lock-free and allocation-free while CLOSED with no failures, and while
 * OPEN (a few volatile reads); a state change is a CAS, and only its winner takes the lock that guards the
 * transition list (and allocates the reason string). Read side methods may lock and allocate.
 */
public final class ServiceState {
    private static final int CLOSED = 0;
    private static final int OPEN = 1;
    private static final int HALF_OPEN = 2;
    /** Indexed by the states above, which follow {@link State}'s order. */
    private static final State[] STATES = State.values();
    private static final int MAX_TRANSITIONS = 20;

    private final String name;
    private final boolean named;
    private final int failureThreshold;
    private final long recoveryMillis;
    private final long slowCallNanos;
    private final LongSupplier clockMillis;
    private final Timer calls;
    private final Timer failures;
    private final LongAdder totalCalls = new LongAdder();
    private final LongAdder totalFailures = new LongAdder();
    private final AtomicInteger state = new AtomicInteger(CLOSED);
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile long openedAtMillis;
    /** Written on failures only (a constant string or a status label: no allocation). */
    private volatile String lastFailure;
    private volatile long lastFailureAtMillis;
    private final Deque<Transition> transitions = new ArrayDeque<>();
    private final long createdAtMillis;

    /**
     * @param named    whether this is a named service (built-in table or configuration) rather than a bare host
     * @param calls    windowed timer of every call
     * @param failures windowed timer of the failed calls
     */
    ServiceState(String name, boolean named, int failureThreshold, long recoveryMillis, long slowCallMillis,
                 LongSupplier clockMillis, Timer calls, Timer failures) {
        this.name = name;
        this.named = named;
        this.failureThreshold = failureThreshold;
        this.recoveryMillis = recoveryMillis;
        this.slowCallNanos = slowCallMillis * 1_000_000L;
        this.clockMillis = clockMillis;
        this.calls = calls;
        this.failures = failures;
        this.createdAtMillis = clockMillis.getAsLong();
    }

    /** When Vitals first saw this service; windowed rates cover at most the time since. */
    public long createdAtMillis() {
        return createdAtMillis;
    }

    public String name() {
        return name;
    }

    public boolean named() {
        return named;
    }

    /**
     * One call ended.
     *
     * @param nanos     its duration
     * @param failed    whether it failed (error, or a 5xx status); a call slower than the slow-call limit fails too
     * @param failure   what failed, for the transition reason (a constant or status label), or null
     */
    public void record(long nanos, boolean failed, String failure) {
        boolean slow = nanos > slowCallNanos;
        boolean fail = failed || slow;
        calls.record(nanos);
        totalCalls.increment();
        if (fail) {
            failures.record(nanos);
            totalFailures.increment();
            String what = failed ? failure : "slow call";
            lastFailure = what;
            lastFailureAtMillis = clockMillis.getAsLong();
        }
        int s = state.get();
        if (s == CLOSED) {
            if (fail) {
                int n = consecutiveFailures.incrementAndGet();
                if (n >= failureThreshold) {
                    open(CLOSED, n + " consecutive failures, last: " + describe(failed ? failure : null, slow, nanos));
                }
            } else if (consecutiveFailures.get() != 0) {
                consecutiveFailures.set(0);
            }
            return;
        }
        if (fail) {
            consecutiveFailures.incrementAndGet();
        }
        long now = clockMillis.getAsLong();
        if (s == OPEN) {
            long startedAt = now - nanos / 1_000_000L;
            if (startedAt - openedAtMillis < recoveryMillis
                    || !transition(OPEN, HALF_OPEN, "recovery time of " + recoveryMillis + " ms elapsed; trial call")) {
                return; // a real breaker would have rejected this call
            }
        }
        // HALF_OPEN: this call's outcome is the trial's.
        settleTrial(fail, failed ? failure : null, slow, nanos);
    }

    /** A health check's outcome: like a call, but it never counts in the service's call figures. */
    public void recordCheck(boolean failed, String failure) {
        int s = state.get();
        if (s == CLOSED) {
            if (failed) {
                int n = consecutiveFailures.incrementAndGet();
                lastFailure = failure;
                lastFailureAtMillis = clockMillis.getAsLong();
                if (n >= failureThreshold) {
                    open(CLOSED, n + " consecutive failures, last: check failed: " + failure);
                }
            } else if (consecutiveFailures.get() != 0) {
                consecutiveFailures.set(0);
            }
        } else if (s == HALF_OPEN) {
            if (failed) {
                consecutiveFailures.incrementAndGet();
                lastFailure = failure;
                lastFailureAtMillis = clockMillis.getAsLong();
            }
            settleTrial(failed, failed ? "check failed: " + failure : null, false, 0);
        }
    }

    /**
     * Whether a health check may send its request now: always while CLOSED; never while OPEN before the recovery
     * time; after it, once, as the half-open trial (which turns the view HALF_OPEN until its outcome is recorded).
     */
    public boolean tryTrial() {
        int s = state.get();
        if (s == CLOSED) {
            return true;
        }
        if (s == HALF_OPEN) {
            return false;
        }
        long now = clockMillis.getAsLong();
        return now - openedAtMillis >= recoveryMillis
                && transition(OPEN, HALF_OPEN, "recovery time of " + recoveryMillis + " ms elapsed; trial check");
    }

    private void settleTrial(boolean fail, String failure, boolean slow, long nanos) {
        if (fail) {
            open(HALF_OPEN, "trial failed: " + describe(failure, slow, nanos));
        } else if (transition(HALF_OPEN, CLOSED, "trial succeeded")) {
            consecutiveFailures.set(0);
        }
    }

    private void open(int from, String reason) {
        long now = clockMillis.getAsLong();
        synchronized (transitions) {
            if (state.compareAndSet(from, OPEN)) {
                openedAtMillis = now;
                add(from, OPEN, reason, now);
            }
        }
    }

    private boolean transition(int from, int to, String reason) {
        long now = clockMillis.getAsLong();
        synchronized (transitions) {
            if (state.compareAndSet(from, to)) {
                add(from, to, reason, now);
                return true;
            }
            return false;
        }
    }

    private void add(int from, int to, String reason, long now) {
        transitions.addLast(new Transition(STATES[from], STATES[to], reason, now));
        if (transitions.size() > MAX_TRANSITIONS) {
            transitions.removeFirst();
        }
    }

    private String describe(String failure, boolean slow, long nanos) {
        if (failure != null) {
            return failure;
        }
        return slow ? "slow call (" + nanos / 1_000_000 + " ms > " + slowCallNanos / 1_000_000 + " ms)" : "unknown";
    }

    // ---- read side ----

    public State state() {
        return STATES[state.get()];
    }

    public int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    public long openedAtMillis() {
        return openedAtMillis;
    }

    /** Milliseconds until an OPEN view allows its trial; 0 otherwise. */
    public long millisUntilTrial() {
        return state.get() == OPEN ? Math.max(0, recoveryMillis - (clockMillis.getAsLong() - openedAtMillis)) : 0;
    }

    public String lastFailure() {
        return lastFailure;
    }

    public long lastFailureAtMillis() {
        return lastFailureAtMillis;
    }

    public long totalCalls() {
        return totalCalls.sum();
    }

    public long totalFailures() {
        return totalFailures.sum();
    }

    public Snapshot calls(long windowMillis, long nowMillis) {
        return calls.window(windowMillis, nowMillis);
    }

    public Snapshot failures(long windowMillis, long nowMillis) {
        return failures.window(windowMillis, nowMillis);
    }

    public int failureThreshold() {
        return failureThreshold;
    }

    public long recoveryMillis() {
        return recoveryMillis;
    }

    public long slowCallMillis() {
        return slowCallNanos / 1_000_000;
    }

    /** Most recent last. */
    public List<Transition> transitions() {
        synchronized (transitions) {
            return new ArrayList<>(transitions);
        }
    }
}

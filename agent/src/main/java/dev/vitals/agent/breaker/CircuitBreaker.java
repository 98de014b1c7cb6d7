package dev.vitals.agent.breaker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The state a circuit breaker would have, with these defaults: {@code failureThreshold} consecutive
 * failures open it; after {@code recoveryMillis} one trial is allowed (half-open); the trial's success
 * closes it, its failure opens it again. Transitions are kept (bounded) with their reason and time.
 *
 * <p>Thread-safe; every method is synchronized. It is fed by health-check runs and by the scheduler,
 * never from inside an application call.
 */
public final class CircuitBreaker {
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private static final int MAX_TRANSITIONS = 20;

    private final int failureThreshold;
    private final long recoveryMillis;
    private final LongSupplier clockMillis;
    private final Deque<Transition> transitions = new ArrayDeque<>();
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAtMillis;
    private boolean trialInFlight;

    public CircuitBreaker(int failureThreshold, long recoveryMillis, LongSupplier clockMillis) {
        if (failureThreshold < 1 || recoveryMillis < 0) {
            throw new IllegalArgumentException("failureThreshold >= 1 and recoveryMillis >= 0 required");
        }
        this.failureThreshold = failureThreshold;
        this.recoveryMillis = recoveryMillis;
        this.clockMillis = clockMillis;
    }

    /**
     * Whether a call (or a check run) may go ahead now. An open breaker whose recovery time has passed
     * turns half-open and allows exactly one trial until that trial reports back.
     */
    public synchronized boolean tryAcquire() {
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (clockMillis.getAsLong() - openedAtMillis >= recoveryMillis) {
                    transition(State.HALF_OPEN, "recovery time of " + recoveryMillis + " ms elapsed; trial allowed");
                    trialInFlight = true;
                    return true;
                }
                return false;
            default:
                if (trialInFlight) {
                    return false;
                }
                trialInFlight = true;
                return true;
        }
    }

    /** Gives back a permit from {@link #tryAcquire()} whose call never happened. */
    public synchronized void release() {
        trialInFlight = false;
    }

    public synchronized void onSuccess() {
        consecutiveFailures = 0;
        trialInFlight = false;
        if (state != State.CLOSED) {
            transition(State.CLOSED, "trial succeeded");
        }
    }

    public synchronized void onFailure(String reason) {
        consecutiveFailures++;
        trialInFlight = false;
        if (state == State.HALF_OPEN) {
            openedAtMillis = clockMillis.getAsLong();
            transition(State.OPEN, "trial failed: " + reason);
        } else if (state == State.CLOSED && consecutiveFailures >= failureThreshold) {
            openedAtMillis = clockMillis.getAsLong();
            transition(State.OPEN, consecutiveFailures + " consecutive failures, last: " + reason);
        }
    }

    public synchronized State state() {
        return state;
    }

    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** Milliseconds until an open breaker allows its trial; 0 when not open. */
    public synchronized long millisUntilTrial() {
        return state == State.OPEN ? Math.max(0, recoveryMillis - (clockMillis.getAsLong() - openedAtMillis)) : 0;
    }

    /** Most recent last. */
    public synchronized List<Transition> transitions() {
        return new ArrayList<>(transitions);
    }

    private void transition(State to, String reason) {
        transitions.addLast(new Transition(state, to, reason, clockMillis.getAsLong()));
        if (transitions.size() > MAX_TRANSITIONS) {
            transitions.removeFirst();
        }
        state = to;
    }

    /** One state change (of this breaker, or of an outbound service's: {@code services.ServiceState}). Immutable. */
    public static final class Transition {
        public final State from;
        public final State to;
        public final String reason;
        public final long atMillis;

        public Transition(State from, State to, String reason, long atMillis) {
            this.from = from;
            this.to = to;
            this.reason = reason;
            this.atMillis = atMillis;
        }
    }
}

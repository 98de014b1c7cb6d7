package dev.vitals.agent.services;

import dev.vitals.agent.breaker.CircuitBreaker;
import dev.vitals.agent.metrics.Timer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The circuit-breaker semantics for the per-service view, on a controlled clock. */
class ServiceStateTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final ServiceState s = new ServiceState("stripe", true, 5, 60_000, 10_000, clock::get, new Timer(), new Timer());

    @Test
    void fiveConsecutiveFailuresOpen() {
        for (int i = 0; i < 4; i++) {
            s.record(10 * MS, true, "500");
        }
        s.record(10 * MS, false, null);
        assertEquals(0, s.consecutiveFailures(), "a success resets the count");
        for (int i = 0; i < 4; i++) {
            s.record(10 * MS, true, "500");
        }
        assertEquals(CircuitBreaker.State.CLOSED, s.state());
        s.record(10 * MS, true, "connect_refused");
        assertEquals(CircuitBreaker.State.OPEN, s.state());
        CircuitBreaker.Transition t = s.transitions().get(0);
        assertEquals(CircuitBreaker.State.CLOSED, t.from);
        assertEquals(CircuitBreaker.State.OPEN, t.to);
        assertEquals("5 consecutive failures, last: connect_refused", t.reason);
        assertEquals(clock.get(), t.atMillis);
        assertEquals(10, s.totalCalls());
        assertEquals(9, s.totalFailures());
    }

    @Test
    void callsWhileOpenChangeNothingUntilTheTrial() {
        open();
        clock.addAndGet(30_000);
        s.record(10 * MS, false, null);
        assertEquals(CircuitBreaker.State.OPEN, s.state(), "a call before the recovery time is not a trial");
        assertFalse(s.tryTrial(), "no check while open");
        assertEquals(30_000, s.millisUntilTrial());
        clock.addAndGet(30_100);
        s.record(10 * MS, true, "503");
        assertEquals(CircuitBreaker.State.OPEN, s.state(), "failed trial opens again");
        List<CircuitBreaker.Transition> ts = s.transitions();
        assertEquals(CircuitBreaker.State.HALF_OPEN, ts.get(1).to);
        assertEquals("trial failed: 503", ts.get(2).reason);
        clock.addAndGet(60_100);
        s.record(10 * MS, false, null);
        assertEquals(CircuitBreaker.State.CLOSED, s.state());
        assertEquals("trial succeeded", s.transitions().get(4).reason);
        assertEquals(0, s.consecutiveFailures());
    }

    @Test
    void aCallThatStartedBeforeTheRecoveryTimeIsNoTrial() {
        open();
        clock.addAndGet(60_500);
        s.record(2_000 * MS, false, null); // started 59.5 s after opening
        assertEquals(CircuitBreaker.State.OPEN, s.state());
    }

    @Test
    void checksGetOneTrialAfterRecovery() {
        open();
        assertFalse(s.tryTrial());
        clock.addAndGet(60_000);
        assertTrue(s.tryTrial());
        assertEquals(CircuitBreaker.State.HALF_OPEN, s.state());
        assertFalse(s.tryTrial(), "only one trial at a time");
        s.recordCheck(false, null);
        assertEquals(CircuitBreaker.State.CLOSED, s.state());
        assertTrue(s.tryTrial());
    }

    @Test
    void slowCallsFail() {
        for (int i = 0; i < 5; i++) {
            s.record(11_000 * MS, false, null);
        }
        assertEquals(CircuitBreaker.State.OPEN, s.state());
        assertTrue(s.transitions().get(0).reason.contains("slow call"), s.transitions().get(0).reason);
    }

    private void open() {
        for (int i = 0; i < 5; i++) {
            s.record(10 * MS, true, "500");
        }
        assertEquals(CircuitBreaker.State.OPEN, s.state());
    }
}

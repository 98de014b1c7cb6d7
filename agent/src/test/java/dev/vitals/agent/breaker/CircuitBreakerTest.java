package dev.vitals.agent.breaker;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CircuitBreakerTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final CircuitBreaker breaker = new CircuitBreaker(5, 60_000, now::get);

    @Test
    void opensAfterFiveConsecutiveFailuresOnly() {
        for (int i = 0; i < 4; i++) {
            assertTrue(breaker.tryAcquire());
            breaker.onFailure("refused");
        }
        breaker.onSuccess();
        for (int i = 0; i < 4; i++) {
            breaker.onFailure("refused");
        }
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        breaker.onFailure("refused");
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire());
    }

    @Test
    void halfOpenAllowsOneTrialAfterRecoveryThenClosesOnSuccess() {
        for (int i = 0; i < 5; i++) {
            breaker.onFailure("timeout");
        }
        now.addAndGet(59_999);
        assertFalse(breaker.tryAcquire());
        now.addAndGet(1);
        assertTrue(breaker.tryAcquire());
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
        assertFalse(breaker.tryAcquire(), "only one trial while it is in flight");
        breaker.onSuccess();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertEquals(3, breaker.transitions().size());
        assertEquals(CircuitBreaker.State.OPEN, breaker.transitions().get(0).to);
    }

    @Test
    void failedTrialReopensAndRestartsRecovery() {
        for (int i = 0; i < 5; i++) {
            breaker.onFailure("timeout");
        }
        now.addAndGet(60_000);
        assertTrue(breaker.tryAcquire());
        breaker.onFailure("still down");
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertEquals(60_000, breaker.millisUntilTrial());
        assertTrue(breaker.transitions().get(2).reason.contains("still down"));
    }

    @Test
    void releasedTrialCanBeRetried() {
        for (int i = 0; i < 5; i++) {
            breaker.onFailure("x");
        }
        now.addAndGet(60_000);
        assertTrue(breaker.tryAcquire());
        breaker.release();
        assertTrue(breaker.tryAcquire());
    }
}

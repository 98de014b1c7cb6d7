package dev.vitals.agent.services;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Application breakers are held weakly: Vitals never keeps an application's object (or its class loader) alive. */
class Resilience4jBreakersTest {
    /** Stands in for a Resilience4j breaker: a public getState() that Vitals reads by reflection. */
    public static final class FakeBreaker {
        String state = "CLOSED";

        public String getState() {
            return state;
        }
    }

    @Test
    void transitionsAreKeptAndTheBreakerIsHeldWeakly() throws Exception {
        Resilience4jBreakers breakers = new Resilience4jBreakers();
        FakeBreaker b = new FakeBreaker();
        breakers.transition(b, "payments", null, "CLOSED");
        b.state = "OPEN";
        breakers.transition(b, "payments", "CLOSED", "OPEN");
        Resilience4jBreakers.Entry e = breakers.find("payments");
        assertEquals("OPEN", e.state(), "read from the live breaker");
        List<String[]> ts = e.transitions();
        assertEquals(1, ts.size());
        assertEquals("CLOSED", ts.get(0)[0]);
        assertEquals("OPEN", ts.get(0)[1]);

        WeakReference<FakeBreaker> ref = new WeakReference<>(b);
        b = null;
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(ref.get(), "Vitals must not keep the application's breaker alive");
        assertEquals("OPEN", e.state(), "the last reported state remains");
        assertTrue(e.transitions().size() == 1);
    }
}

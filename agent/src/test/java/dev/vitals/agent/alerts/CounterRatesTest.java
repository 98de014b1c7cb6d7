package dev.vitals.agent.alerts;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CounterRatesTest {
    @Test
    void perSecondIncreaseOverTheWindowWithResets() {
        CounterRates r = new CounterRates(60_000);
        assertTrue(Double.isNaN(r.rate("hits", 0, 100)), "one sample is no rate");
        assertEquals(5, r.rate("hits", 10_000, 150), 1e-9);
        assertEquals(5, r.rate("hits", 20_000, 200), 1e-9);
        // The process restarted: 200 -> 30 counts as 30 new events.
        assertEquals((50 + 50 + 30) / 30.0, r.rate("hits", 30_000, 30), 1e-9);
        assertTrue(Double.isNaN(r.rate("misses", 30_000, 7)), "another series starts on its own");
    }

    @Test
    void oldSamplesLeaveTheWindow() {
        CounterRates r = new CounterRates(20_000);
        r.rate("c", 0, 0);
        r.rate("c", 10_000, 1000);
        for (long t = 20_000; t <= 60_000; t += 10_000) {
            r.rate("c", t, 1000);
        }
        assertEquals(0, r.rate("c", 70_000, 1000), 1e-9, "the burst at 10 s is out of the window");
    }
}

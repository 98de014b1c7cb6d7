package dev.vitals.agent.alerts;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeakDetectorTest {
    private static final double MB = 1024 * 1024;

    @Test
    void slopeOfTheAfterGcBaselineInMbPerMinute() {
        LeakDetector d = new LeakDetector(600_000);
        for (int s = 0; s <= 600; s += 5) {
            // 10 MB/min of growth, plus a saw-tooth that a straight line must see through.
            d.sample(s * 1000L, 100 * MB + s / 60.0 * 10 * MB + (s % 10 == 0 ? 3 * MB : 0));
        }
        assertEquals(10, d.mbPerMinute(), 0.2);
    }

    @Test
    void noDataUntilHalfTheWindowIsCoveredAndFlatIsZero() {
        LeakDetector d = new LeakDetector(600_000);
        for (int s = 0; s < 200; s += 10) {
            d.sample(s * 1000L, 50 * MB);
        }
        assertTrue(Double.isNaN(d.mbPerMinute()), "under half the window");
        for (int s = 200; s <= 400; s += 10) {
            d.sample(s * 1000L, 50 * MB);
        }
        assertEquals(0, d.mbPerMinute(), 1e-9);
    }

    @Test
    void oldSamplesLeaveTheWindowAndSamplesAreSpaced() {
        LeakDetector d = new LeakDetector(60_000);
        for (int ms = 0; ms <= 120_000; ms += 100) {
            d.sample(ms, ms < 60_000 ? 500 * MB : 10 * MB);
        }
        assertEquals(0, d.mbPerMinute(), 1e-9, "only the last minute, when it was flat");
    }
}

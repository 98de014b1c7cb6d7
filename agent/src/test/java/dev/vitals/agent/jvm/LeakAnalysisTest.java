package dev.vitals.agent.jvm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeakAnalysisTest {
    private static final double MB = 1024 * 1024;

    @Test
    void slopeOfTheAfterGcBaselineInMbPerMinute() {
        LeakAnalysis d = new LeakAnalysis(600_000, 5);
        for (int s = 0; s <= 600; s += 5) {
            // 10 MB/min of growth, plus a saw-tooth that a straight line must see through.
            d.sample(s * 1000L, (long) (100 * MB + s / 60.0 * 10 * MB + (s % 10 == 0 ? 3 * MB : 0)));
        }
        assertEquals(10, d.mbPerMinute(), 0.2);
    }

    @Test
    void noDataUntilHalfTheWindowIsCoveredAndFlatIsZero() {
        LeakAnalysis d = new LeakAnalysis(600_000, 5);
        for (int s = 0; s < 200; s += 10) {
            d.sample(s * 1000L, (long) (50 * MB));
        }
        assertTrue(Double.isNaN(d.mbPerMinute()), "under half the window");
        for (int s = 200; s <= 400; s += 10) {
            d.sample(s * 1000L, (long) (50 * MB));
        }
        assertEquals(0, d.mbPerMinute(), 1e-9);
    }

    @Test
    void oldSamplesLeaveTheWindowAndSamplesAreSpaced() {
        LeakAnalysis d = new LeakAnalysis(60_000, 5);
        for (int ms = 0; ms <= 120_000; ms += 100) {
            d.sample(ms, (long) (ms < 60_000 ? 500 * MB : 10 * MB));
        }
        assertEquals(0, d.mbPerMinute(), 1e-9, "only the last minute, when it was flat");
    }

    @Test
    void theVerdictComparesTheTrendWithTheThreshold() {
        LeakAnalysis leaking = new LeakAnalysis(60_000, 5);
        LeakAnalysis steady = new LeakAnalysis(60_000, 5);
        assertEquals(LeakAnalysis.State.INSUFFICIENT_DATA, leaking.verdict().state);
        for (int s = 0; s <= 60; s++) {
            leaking.sample(s * 1000L, (long) (100 * MB + s * MB / 3)); // 20 MB/min
            steady.sample(s * 1000L, (long) (100 * MB + (s % 2) * MB)); // noise, no growth
        }
        LeakAnalysis.Verdict v = leaking.verdict();
        assertEquals(LeakAnalysis.State.LEAK_SUSPECTED, v.state);
        assertEquals(20, v.mbPerMinute, 0.1);
        assertEquals(61, v.samples.size());
        assertEquals(60_000, v.coveredMillis);
        assertEquals(LeakAnalysis.State.NO_LEAK, steady.verdict().state);
    }

    @Test
    void samplesAreBoundedWhateverTheSamplingRate() {
        LeakAnalysis d = new LeakAnalysis(60_000, 5);
        for (int ms = 0; ms <= 60_000; ms++) {
            d.sample(ms, (long) (10 * MB));
        }
        assertTrue(d.verdict().samples.size() <= LeakAnalysis.MAX_SAMPLES + 1, "" + d.verdict().samples.size());
    }
}

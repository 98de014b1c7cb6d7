package dev.vitals.agent.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WindowConfigTest {
    @Test
    void defaultCoversFifteenMinutesInFiveSecondSlices() {
        assertEquals(5_000, WindowConfig.DEFAULT.sliceMillis());
        assertEquals(180, WindowConfig.DEFAULT.sliceCount());
        assertEquals(15 * 60_000, WindowConfig.DEFAULT.spanMillis());
        assertEquals(60, WindowConfig.DEFAULT.slicesFor(WindowConfig.DEFAULT_WINDOW_MILLIS));
    }

    @Test
    void windowsRoundUpToWholeSlicesAndClamp() {
        WindowConfig c = new WindowConfig(1_000, 10);
        assertEquals(1, c.slicesFor(0));
        assertEquals(1, c.slicesFor(-5));
        assertEquals(1, c.slicesFor(1_000));
        assertEquals(2, c.slicesFor(1_001));
        assertEquals(10, c.slicesFor(10_000));
        assertEquals(10, c.slicesFor(Long.MAX_VALUE));
        assertEquals(3, WindowConfig.covering(1_000, 2_500).sliceCount());
    }

    @Test
    void rejectsInvalidInput() {
        assertThrows(IllegalArgumentException.class, () -> new WindowConfig(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new WindowConfig(1_000, 0));
        assertThrows(IllegalArgumentException.class, () -> new WindowConfig(1_000, WindowConfig.MAX_SLICES + 1));
        assertThrows(IllegalArgumentException.class, () -> new WindowConfig(Long.MAX_VALUE / 2, 3));
        assertThrows(IllegalArgumentException.class, () -> WindowConfig.covering(1, 1_000_000));
        assertThrows(IllegalArgumentException.class, () -> WindowConfig.covering(1_000, 0));
    }
}

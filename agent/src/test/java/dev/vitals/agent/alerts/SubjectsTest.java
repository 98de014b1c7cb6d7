package dev.vitals.agent.alerts;

import dev.vitals.agent.metrics.MetricRegistry;
import dev.vitals.agent.metrics.TimerFamily;
import dev.vitals.agent.metrics.WindowConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The request figures rules are evaluated on, read from a real registry with 5 s slices on a made-up clock. The
 * agent's tick rotates at a moment of its own within each slice (here 4.9 s in), and rules are evaluated at any
 * moment; what a rotation put into the window must stay there until the next rotation.
 */
class SubjectsTest {
    private static final long SLICE = WindowConfig.DEFAULT.sliceMillis();
    /** The tick's moment within each slice: late, so that most of every slice lies after a boundary and before it. */
    private static final long TICK = 4_900;
    private static final long START = 1_000 * SLICE;

    private final MetricRegistry registry = new MetricRegistry(WindowConfig.DEFAULT);
    private final TimerFamily requests = registry.timerFamily(Subjects.HTTP_DURATION, 100,
            "http_request_method", "http_route", "http_response_status_code", "error_type");

    private void failures(int n) {
        for (int i = 0; i < n; i++) {
            requests.get("GET", "/api/error", "500", "500").record(2_000_000);
        }
    }

    private Subjects.Figures figures(long windowMillis, long now) {
        return Subjects.requestFigures(registry, windowMillis, Subjects.windowEnd(registry, now)).get("");
    }

    @Test
    void aWindowOfOneSliceKeepsTheRotatedRequestsUntilTheNextRotation() {
        failures(20);
        registry.rotateAll(START + TICK);
        // Every evaluation until the next tick sees the 20 failures: before and after the next slice boundary.
        for (long now = START + TICK; now < START + SLICE + TICK; now += 100) {
            Subjects.Figures f = figures(3_000, now);
            assertEquals(20, f.count, "at " + (now - START) + " ms");
            assertEquals(20, f.errors, "at " + (now - START) + " ms");
        }
        // The next tick rotates nothing new: the window is empty, which the rules take for no data.
        registry.rotateAll(START + SLICE + TICK);
        assertEquals(0, figures(3_000, START + 2 * SLICE + 100).count);
    }

    @Test
    void aWindowOfSeveralSlicesReadsThatManyRotatedSlices() {
        failures(4);
        registry.rotateAll(START + TICK);
        failures(6);
        registry.rotateAll(START + SLICE + TICK);
        // Just after the next boundary the new slice is not rotated yet; both rotated slices count.
        assertEquals(10, figures(10_000, START + 2 * SLICE + 100).count);
        assertEquals(6, figures(5_000, START + 2 * SLICE + 100).count);
    }

    @Test
    void requestsPerMinuteAreOverTheWholeSlicesRead() {
        failures(20);
        registry.rotateAll(START + TICK);
        Subjects.Figures f = figures(3_000, START + TICK + 100);
        // 20 requests in the one 5 s slice a 3 s window reads: 240 a minute, not 400.
        assertEquals(240.0, Subjects.requestsPerMinute(registry, f.count, 3_000), 1e-9);
        assertEquals(120.0, Subjects.requestsPerMinute(registry, f.count, 10_000), 1e-9);
    }

    @Test
    void beforeTheFirstRotationNothingIsRead() {
        failures(3);
        assertEquals(0, figures(3_000, START + 100).count);
    }
}

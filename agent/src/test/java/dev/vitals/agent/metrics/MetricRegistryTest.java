package dev.vitals.agent.metrics;

import dev.vitals.bootstrap.Vitals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MetricRegistryTest {
    @AfterEach
    void restoreListener() {
        Vitals.setFailureListener(null);
    }

    @Test
    void familiesAreIdempotentByName() {
        MetricRegistry registry = new MetricRegistry();
        TimerFamily t = registry.timerFamily("http_server_request_duration_seconds", 100, "method", "route");
        assertSame(t, registry.timerFamily("http_server_request_duration_seconds", 5, "method", "route"));
        assertEquals(100, t.maxSeries());
        CounterFamily c = registry.counterFamily("vitals_cache_requests_total", 10, "keyspace", "result");
        assertSame(c, registry.counterFamily("vitals_cache_requests_total", 10, "keyspace", "result"));
        assertEquals(List.of(t), registry.timerFamilies());
        assertEquals(List.of(c), registry.counterFamilies());
        assertSame(registry.windowConfig(), t.windowConfig());
    }

    @Test
    void mismatchesAreRejected() {
        MetricRegistry registry = new MetricRegistry();
        registry.timerFamily("t", 10, "a", "b");
        assertThrows(IllegalArgumentException.class, () -> registry.timerFamily("t", 10, "a"));
        assertThrows(IllegalArgumentException.class, () -> registry.timerFamily("t", 10, "b", "a"));
        assertThrows(IllegalArgumentException.class, () -> registry.counterFamily("t", 10, "a", "b"));
        assertThrows(IllegalArgumentException.class, () -> registry.counterFamily(null, 10));
    }

    @Test
    void familiesAreListedInRegistrationOrder() {
        MetricRegistry registry = new MetricRegistry();
        List<TimerFamily> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.add(registry.timerFamily("t" + (5 - i), 10, "a"));
        }
        assertEquals(expected, registry.timerFamilies());
        assertThrows(UnsupportedOperationException.class, () -> registry.timerFamilies().clear());
    }

    @Test
    void rotateAllRotatesEveryTimerIncludingOverflow() {
        MetricRegistry registry = new MetricRegistry(new WindowConfig(1_000, 5));
        TimerFamily a = registry.timerFamily("a_seconds", 1, "route");
        TimerFamily b = registry.timerFamily("b_seconds", 10);
        a.get("/x").record(1_000_000);
        a.get("/y").record(2_000_000); // overflow
        b.get().record(3_000_000);
        registry.rotateAll(1_000);
        assertEquals(1, a.get("/x").lifetimeCount());
        assertEquals(1, a.get(SeriesFamily.OTHER).lifetimeCount());
        assertEquals(1, b.get().window(1_000, 1_000).count());
    }

    @Test
    void lastRotationIsTheNewestRotationTime() {
        MetricRegistry registry = new MetricRegistry(new WindowConfig(5_000, 3));
        TimerFamily t = registry.timerFamily("t_seconds", 10);
        assertEquals(0, registry.lastRotationMillis());
        t.get().record(1_000_000);
        registry.rotateAll(14_900);
        assertEquals(14_900, registry.lastRotationMillis());
        // Slice 2 (10 000 to 15 000) holds the value; at 15 100 the window of one slice at that time is slice 3,
        // not rotated yet, while the window ending at the last rotation still has it.
        assertEquals(0, t.get().window(3_000, 15_100).count());
        assertEquals(1, t.get().window(3_000, registry.lastRotationMillis()).count());
        registry.rotateAll(12_000); // a clock stepped back: the newest time stays
        assertEquals(14_900, registry.lastRotationMillis());
    }
}

package dev.vitals.agent.health;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AvailabilityTest {
    @Test
    void fullBeforeAnySampleThenTheShareNotUnhealthy() {
        Availability a = new Availability(100_000, 10_000);
        assertEquals(100.0, a.percent());
        a.sample(HealthStatus.HEALTHY);
        a.sample(HealthStatus.DEGRADED);
        a.sample(HealthStatus.UNHEALTHY);
        a.sample(HealthStatus.HEALTHY);
        assertEquals(75.0, a.percent(), 1e-9, "degraded still counts as available");
        assertEquals(40_000, a.coveredMillis());
    }

    @Test
    void oldSamplesLeaveTheWindow() {
        Availability a = new Availability(50_000, 10_000);
        a.sample(HealthStatus.UNHEALTHY);
        a.sample(HealthStatus.UNHEALTHY);
        for (int i = 0; i < 4; i++) {
            a.sample(HealthStatus.HEALTHY);
        }
        assertEquals(80.0, a.percent(), 1e-9, "one of five samples in the window is unhealthy");
        a.sample(HealthStatus.HEALTHY);
        assertEquals(100.0, a.percent(), 1e-9);
        assertEquals(50_000, a.coveredMillis());
    }
}

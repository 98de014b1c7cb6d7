package dev.vitals.agent.requests;

import dev.vitals.agent.health.CheckResult;
import dev.vitals.agent.health.HealthStatus;
import dev.vitals.agent.health.Score;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PerformanceCheckTest {
    private static PerformanceCheck.Figures figures(long requests, long errors, double p95) {
        PerformanceCheck.Figures f = new PerformanceCheck.Figures();
        f.requests = requests;
        f.errors = errors;
        f.p95Ms = p95;
        return f;
    }

    private static PerformanceCheck check(PerformanceCheck.Figures f, boolean critical) {
        return new PerformanceCheck(() -> f, 5.0, 1000, 60_000, 20, 5_000, critical);
    }

    @Test
    void withinBudgetIsHealthy() {
        CheckResult r = check(figures(100, 2, 300), false).run();
        assertEquals(HealthStatus.HEALTHY, r.status());
        assertEquals(2.0, r.observedValue());
    }

    @Test
    void errorRateOverBudgetIsDegradedNeverUnhealthy() {
        CheckResult r = check(figures(100, 20, 300), false).run();
        assertEquals(HealthStatus.DEGRADED, r.status());
        assertTrue(r.message().contains("error rate 20% over budget 5%"), r.message());
        Score s = check(figures(100, 20, 3000), false).score();
        assertEquals(100 - PerformanceCheck.ERROR_RATE_POINTS - PerformanceCheck.P95_POINTS, s.score);
        assertEquals(2, s.issues.size(), s.issues.toString());
        // Both findings together still leave the check degraded.
        assertEquals(HealthStatus.DEGRADED, check(figures(100, 20, 3000), false).run().status());
    }

    @Test
    void p95OverBudgetAloneIsDegraded() {
        PerformanceCheck c = check(figures(100, 0, 1500), false);
        assertEquals(HealthStatus.DEGRADED, c.run().status());
        assertEquals("degraded", c.score().status);
    }

    @Test
    void tooFewRequestsAreNotJudged() {
        CheckResult r = check(figures(5, 5, 5000), false).run();
        assertEquals(HealthStatus.HEALTHY, r.status());
        assertTrue(r.message().contains("too few"), r.message());
        assertEquals(100, check(figures(5, 5, 5000), false).score().score);
    }

    @Test
    void namedCriticalAFindingIsUnhealthy() {
        assertEquals(HealthStatus.UNHEALTHY, check(figures(100, 20, 300), true).run().status());
        assertEquals(HealthStatus.HEALTHY, check(figures(100, 0, 300), true).run().status());
    }

    @Test
    void theCheckKeepsNoBreaker() {
        assertFalse(check(figures(0, 0, 0), false).usesBreaker());
    }
}

package dev.vitals.agent.database;

import dev.vitals.agent.health.Score;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseScoreTest {
    @Test
    void quietPoolIsHealthy() {
        Score s = DatabaseScore.of(new DatabaseScore.Inputs());
        assertEquals(100, s.score);
        assertEquals("healthy", s.status);
        assertTrue(s.issues.isEmpty());
    }

    @Test
    void exhaustedPoolLosesPointsWithRecommendations() {
        DatabaseScore.Inputs in = new DatabaseScore.Inputs();
        in.checkStatus = "degraded";
        in.checkMessage = "pool exhausted";
        in.active = 2;
        in.max = 2;
        in.waitingNow = 3;
        in.samples = 10;
        in.samplesWaiting = 8;
        in.waitP95Ms = 900;
        in.timeouts = 2;
        Score s = DatabaseScore.of(in);
        assertEquals(100 - 10 - 20 - 10 - 20 - 10, s.score);
        assertEquals("unhealthy", s.status, "score " + s.score + " is under 50");
        assertTrue(s.recommendations.contains(
                "pool waiting > 0 for most of the window: raise maximumPoolSize or shorten transactions"), s.recommendations.toString());
    }

    @Test
    void failingCheckIsUnhealthyAndSlowOperationsAreNamed() {
        DatabaseScore.Inputs in = new DatabaseScore.Inputs();
        in.checkStatus = "unhealthy";
        in.checkMessage = "Connection refused";
        in.statements = 100;
        in.failedStatements = 10;
        in.topErrorType = "42P01";
        in.slowestOperation = "SELECT owners";
        in.slowestOperationP95Ms = 380;
        Score s = DatabaseScore.of(in);
        assertEquals("unhealthy", s.status);
        assertEquals(100 - 50 - 15 - 10, s.score);
        assertTrue(s.issues.contains("SELECT owners p95 380 ms"), s.issues.toString());
    }
}

package dev.vitals.agent.cache;

import dev.vitals.agent.health.Score;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CacheScoreTest {
    @Test
    void quietCacheIsHealthy() {
        Score s = CacheScore.of(new CacheScore.Inputs());
        assertEquals(100, s.score);
        assertEquals("healthy", s.status);
    }

    @Test
    void lowHitRateFailingCommandsAndSlowCommandsLosePoints() {
        CacheScore.Inputs in = new CacheScore.Inputs();
        in.hits = 30;
        in.misses = 70;
        in.operations = 200;
        in.errors = 20;
        in.windowCount = 50;
        in.p95Ms = 25;
        Score s = CacheScore.of(in);
        assertEquals(100 - 20 - 15 - 10, s.score);
        assertTrue(s.issues.contains("hit rate 30.0 % over 100 lookups"), s.issues.toString());
        assertEquals(3, s.recommendations.size(), s.recommendations.toString());
    }

    @Test
    void aFewLookupsSayNothingAboutTheHitRate() {
        CacheScore.Inputs in = new CacheScore.Inputs();
        in.misses = CacheScore.MIN_LOOKUPS - 1;
        assertEquals(100, CacheScore.of(in).score);
    }

    @Test
    void failingRedisCheckIsUnhealthy() {
        CacheScore.Inputs in = new CacheScore.Inputs();
        in.checkStatus = "unhealthy";
        in.checkMessage = "Connection refused";
        Score s = CacheScore.of(in);
        assertEquals("unhealthy", s.status);
        assertEquals(50, s.score);
    }
}

package dev.vitals.agent.health;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScoreTest {
    @Test
    void statusFollowsTheScoreUnlessFailing() {
        assertEquals("healthy", Score.builder().build().status);
        assertEquals("healthy", Score.builder().deduct(20, "a", null).build().status);
        assertEquals("degraded", Score.builder().deduct(21, "a", null).build().status);
        assertEquals("unhealthy", Score.builder().deduct(51, "a", null).build().status);
        assertEquals("unhealthy", Score.builder().failing().deduct(10, "down", null).build().status);
        assertEquals(0, Score.builder().deduct(70, "a", null).deduct(70, "b", null).build().score);
    }

    @Test
    void theWholeIsItsWeakestPartWithEveryPartsReasons() {
        Map<String, Score> parts = new LinkedHashMap<>();
        parts.put("checks", Score.builder().build());
        parts.put("database", Score.builder().deduct(20, "pool at 95 %", "raise the pool").build());
        parts.put("cache", Score.builder().deduct(30, "hit rate 10 %", "check TTLs").deduct(5, "slow", null).build());
        Score whole = Score.weakest(parts);
        assertEquals(65, whole.score);
        assertEquals("degraded", whole.status);
        assertEquals(java.util.Arrays.asList("database: pool at 95 %", "cache: hit rate 10 %", "cache: slow"), whole.issues);
        assertEquals(java.util.Arrays.asList("raise the pool", "check TTLs"), whole.recommendations);
    }

    @Test
    void aFailingPartFailsTheWhole() {
        Map<String, Score> parts = new LinkedHashMap<>();
        parts.put("checks", Score.builder().failing().deduct(50, "database unhealthy", null).build());
        assertEquals("unhealthy", Score.weakest(parts).status);
    }
}

package dev.vitals.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /health/memory} of real JVMs ({@link MemoryApp} with the real agent, serial GC): one with a slow leak (a list
 * that only grows) is reported as a suspected leak with its after-GC trend and a recommendation, and the leak gauge
 * says so; one with steady use is not. Sampling every 200 ms over a 10 s window keeps the test short.
 */
class MemoryEndpointTest {
    private static AgentProcess start(String mode) {
        return AgentProcess.main(MemoryApp.class)
                .jvmOptions("-Xmx512m", "-XX:+UseSerialGC")
                .agentArg("memory.sample.interval", "200ms")
                .agentArg("memory.leak.window", "10s")
                .agentArg("memory.leak.rate", "30")
                .args(mode).start();
    }

    @Test
    void aGrowingListIsReportedAsALeakWithItsTrend() {
        try (AgentProcess app = start("leak")) {
            HttpResult memory = Await.until("a leak verdict", Duration.ofSeconds(60), () -> app.get("/health/memory"),
                    m -> m.status() == 200 && "leak_suspected".equals(m.json().path("leak").path("verdict").asText()));
            JsonNode leak = memory.json().path("leak");
            assertTrue(leak.path("growthMbPerMinute").asDouble() > 30, leak.toString());
            assertEquals(10_000, leak.path("window").asLong(), leak.toString());
            JsonNode trend = leak.path("trend");
            assertTrue(trend.size() >= 3, leak.toString());
            assertTrue(trend.get(trend.size() - 1).path("heapUsedAfterGc").asDouble()
                    > trend.get(0).path("heapUsedAfterGc").asDouble(), "the baseline climbs: " + trend);
            assertTrue(memory.json().path("recommendations").toString().contains("Possible memory leak"), memory.toString());
            assertMemoryFigures(memory.json());
            String metrics = app.get("/metrics").body();
            assertTrue(metrics.contains("vitals_memory_leak_suspected 1"), metrics);
            assertTrue(metrics.contains("vitals_memory_after_gc_growth_bytes_per_second "), metrics);
        }
    }

    @Test
    void steadyUseIsNotALeak() {
        try (AgentProcess app = start("steady")) {
            // Judged once the window is nearly covered, so the start-up (classes, the agent's own buffers) is behind.
            HttpResult memory = Await.until("a verdict on a covered window", Duration.ofSeconds(60),
                    () -> app.get("/health/memory"),
                    m -> m.status() == 200 && m.json().path("leak").path("covered").asLong() >= 9_000);
            JsonNode leak = memory.json().path("leak");
            assertEquals("no_leak", leak.path("verdict").asText(), leak.toString());
            assertFalse(memory.json().path("recommendations").toString().contains("Possible memory leak"), memory.toString());
            assertMemoryFigures(memory.json());
            assertTrue(app.get("/metrics").body().contains("vitals_memory_leak_suspected 0"));
        }
    }

    /** Heap, non-heap, pools, the serial collectors with their counts, and the process' RSS. */
    private static void assertMemoryFigures(JsonNode m) {
        assertTrue(m.path("heap").path("used").asDouble() > 0, m.toString());
        assertTrue(m.path("heap").path("max").asDouble() > 400, "-Xmx512m less a survivor space: " + m);
        assertTrue(m.path("nonHeap").path("used").asDouble() > 0, m.toString());
        assertTrue(m.path("pools").toString().contains("Tenured Gen"), m.toString());
        assertTrue(m.path("pools").toString().contains("Metaspace"), m.toString());
        assertTrue(m.path("gc").path("collectors").toString().contains("MarkSweepCompact"), m.toString());
        boolean counted = false;
        for (JsonNode c : m.path("gc").path("collectors")) {
            counted |= c.path("count").asLong() > 0 && c.path("pauses").path("count").asLong() > 0;
        }
        assertTrue(counted, "collections counted and their pauses timed: " + m.path("gc"));
        assertTrue(m.path("process").path("rss").asDouble() > 0, m.toString());
        assertTrue(m.path("process").has("containerLimit"), m.toString());
    }
}

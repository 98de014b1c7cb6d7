package dev.vitals.it.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import org.junit.jupiter.api.Test;

import static dev.vitals.it.alerts.Alerts.activeOf;
import static dev.vitals.it.alerts.Alerts.awaitJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An application whose after-GC heap keeps growing raises the default memory-leak alert. */
class MemoryLeakAlertTest {

    @Test
    void sustainedAfterGcGrowthRaisesTheLeakAlertWithARecommendation() throws Exception {
        try (AgentProcess app = AgentProcess.main(LeakyApp.class)
                .jvmOptions("-Xmx512m", "-XX:+UseSerialGC")
                .agentArg("exporter.host", "127.0.0.1")
                .agentArg("alerts.interval", "250ms")
                .agentArg("memory.sample.interval", "250ms")
                .agentArg("memory.leak.window", "10s")
                .agentArg("memory.leak.rate", "60")
                .start()) {
            JsonNode active = awaitJson(app, "/alerts/active", j -> activeOf(j, "default-memory-leak") != null);
            JsonNode leak = activeOf(active, "default-memory-leak");
            assertEquals("critical", leak.path("severity").asText(), leak.toString());
            assertEquals("memory_leak_rate", leak.path("metricType").asText());
            assertTrue(leak.path("current").asDouble() > 60, leak.toString());
            assertTrue(leak.path("message").asText().contains("MB/min"), leak.toString());
            assertTrue(leak.path("message").asText().contains("Recommendation:"), leak.toString());
            assertEquals("resources", leak.path("type").asText());
        }
    }
}

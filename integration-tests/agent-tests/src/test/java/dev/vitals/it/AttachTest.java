package dev.vitals.it;

import example.SleeperApp;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code java -jar vitals-agent.jar attach <pid>} starts Vitals inside a JVM that was started without it. */
class AttachTest {
    @Test
    void attachToARunningJvm() {
        try (AgentProcess target = AgentProcess.main(SleeperApp.class).withoutAgent().args("60").start()) {
            target.awaitOutput(Pattern.compile("sleeper ready"), Duration.ofSeconds(30));
            assertFalse(target.stderr().contains("[vitals]"), "the target must start without the agent" + target.describe());

            String agentArgs = "exporter.port=0,data.dir=" + AgentProcess.tempDir("attach-data-") + ",service.name=attached";
            AgentProcess.Finished attach = AgentProcess.jar(Jars.agent()).withoutAgent()
                    .args("attach", String.valueOf(target.pid()), agentArgs)
                    .run(Duration.ofSeconds(60));
            assertEquals(0, attach.exitCode(), attach.description());

            // The listener's start line is printed by the target JVM, where the agent now runs.
            HttpResult live = target.get("/health/live");
            assertEquals(200, live.status(), live.toString());
            assertTrue(live.body().contains("\"status\":\"healthy\""), live.toString());
            assertTrue(target.isAlive(), "the target must keep running" + target.describe());
        }
    }
}

package dev.vitals.it;

import example.IsolationApp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An application that bundles its own, different versions of Jackson and Byte Buddy behaves exactly the same
 * with the agent as without it (the agent's libraries are relocated and loaded by its own loader).
 */
class IsolationTest {
    @Test
    void applicationLibrariesAreUntouchedByTheAgent() throws IOException {
        AgentProcess.Finished without = AgentProcess.main(IsolationApp.class).withoutAgent().run(Duration.ofSeconds(60));
        assertEquals(0, without.exitCode(), without.description());
        // The test is only meaningful if the application really uses versions other than the agent's.
        assertTrue(without.stdout().contains("jackson-databind 2.17.2 from jackson-databind-2.17.2.jar"), without.description());
        assertTrue(without.stdout().contains("byte-buddy from byte-buddy-1.14.12.jar"), without.description());
        assertTrue(without.stdout().contains("generated example.Generated: made by the application's Byte Buddy"),
                without.description());
        assertTrue(without.stdout().contains("done"), without.description());

        // The application waits for the agent's listener, so that the agent has loaded its own Jackson,
        // Byte Buddy and Undertow by the time the application loads its own.
        Path signal = AgentProcess.tempDir("isolation-").resolve("go");
        String withAgentStdout;
        try (AgentProcess with = AgentProcess.main(IsolationApp.class).args("--wait-for=" + signal).start()) {
            with.agentPort();
            Files.createFile(signal);
            int code = with.waitFor(Duration.ofSeconds(60));
            assertEquals(0, code, with.describe());
            assertTrue(!with.stderr().contains("[vitals] ERROR"), "the agent logged an error" + with.describe());
            withAgentStdout = with.stdout();
        }
        assertEquals(without.stdout(), withAgentStdout, "the application printed something else with the agent");
    }
}

package dev.vitals.it;

import example.HelloApp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bytecode for Java 11, tested on Java 17 (every other test) and Java 25 (this one). */
class Java25Test {
    private static final Path JDK_25 = Paths.get("/usr/lib/jvm/temurin-25-jdk-amd64");

    @Test
    void agentRunsOnJava25() throws IOException {
        Path java = Services.requireJava(JDK_25);
        Path signal = AgentProcess.tempDir("java25-").resolve("go");
        try (AgentProcess app = AgentProcess.main(HelloApp.class).java(java).args("--wait-for=" + signal).start()) {
            HttpResult live = app.get("/health/live");
            assertEquals(200, live.status(), live.toString());
            assertEquals("healthy", live.json().path("status").asText(), live.toString());
            assertEquals(200, app.get("/metrics").status());
            Files.createFile(signal);
            assertEquals(0, app.waitFor(Duration.ofSeconds(30)), app.describe());
            assertTrue(app.stdout().contains("hello from app, java 25"), app.describe());
            assertFalse(app.stderr().contains("[vitals] ERROR"), app.describe());
            assertFalse(app.stderr().contains(BootstrapApiTest.CDS_WARNING), "bootstrap API injected on 25 too: " + app.describe());
        }
    }
}

package dev.vitals.it;

import example.HelloApp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A taken exporter port costs the agent its listener, never the application its run. */
class PortTakenTest {
    @Test
    void applicationRunsNormallyWhenThePortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = taken.getLocalPort();
            Path signal = AgentProcess.tempDir("port-taken-").resolve("go");
            try (AgentProcess app = AgentProcess.main(HelloApp.class)
                    .agentArg("exporter.port", String.valueOf(port))
                    .args("--wait-for=" + signal)
                    .start()) {
                MatchResult warn = app.awaitStderr(Pattern.compile("^\\[vitals] WARN .*in use.*$"), Duration.ofSeconds(30));
                assertTrue(warn.group().contains(String.valueOf(port)), "the warning should name the port: " + warn.group());
                Files.createFile(signal);
                assertEquals(0, app.waitFor(Duration.ofSeconds(30)), app.describe());
                assertTrue(app.stdout().contains("hello from app"), app.describe());
                assertTrue(!app.stderr().contains("listening on"), "nothing can listen on a taken port" + app.describe());
            }
        }
    }
}

package dev.vitals.it;

import com.fasterxml.jackson.databind.JsonNode;
import example.SleeperApp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A dependency that accepts connections and never answers, configured as a service check: {@code /health}
 * keeps answering from the latest results (it never waits on the check), the check reports its timeout, and
 * liveness stays 200 because it never depends on an external system.
 */
class HangingDependencyTest {
    @Test
    void aHangingDependencyNeverHoldsUpHealth() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket hanging = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!hanging.isClosed()) {
                    try {
                        held.add(hanging.accept()); // accepted, never read, never answered
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "hanging-server");
            acceptor.setDaemon(true);
            acceptor.start();
            try (AgentProcess app = AgentProcess.main(SleeperApp.class)
                    .agentArg("services.checks", "ledger=http://127.0.0.1:" + hanging.getLocalPort() + "/health")
                    .agentArg("services.check.timeout", "1s")
                    .agentArg("services.check.interval", "2s")
                    .agentArg("health.ready.server", "false")
                    .start()) {
                for (int i = 0; i < 5; i++) {
                    app.get("/health/live"); // the listener's first answers load classes: not what is measured
                }
                JsonNode ledger = null;
                List<Long> times = new ArrayList<>();
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (System.nanoTime() < deadline) {
                    long start = System.nanoTime();
                    HttpResult health = app.get("/health");
                    times.add((System.nanoTime() - start) / 1_000_000);
                    ledger = health.json().path("checks").path("ledger");
                    if ("unhealthy".equals(ledger.path("status").asText())) {
                        break;
                    }
                    Thread.sleep(100);
                }
                assertEquals("unhealthy", ledger.path("status").asText(), String.valueOf(ledger));
                assertTrue(ledger.toString().contains("timed out") || ledger.toString().toLowerCase().contains("timeout"),
                        "the check says it timed out: " + ledger);
                // Had /health waited on the check, every answer would take its 1 s timeout. A functional bound on the
                // median, not a benchmark: the machine may be busy.
                List<Long> sorted = new ArrayList<>(times);
                sorted.sort(null);
                long median = sorted.get(sorted.size() / 2);
                assertTrue(sorted.size() >= 3, "several answers while the check hung: " + times);
                assertTrue(median < 500, "/health waited on the hanging check: " + times + " ms");
                System.out.println("/health answers while the dependency hung (ms): " + times);
                assertEquals(200, app.get("/health/live").status(), "liveness ignores external dependencies");
                HttpResult ready = app.get("/health/ready", Map.of());
                assertEquals(200, ready.status(), "a non-critical service does not make the service unready: " + ready);
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}

package dev.vitals.it.cache.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Waits until the agent's listener answers on {@code port}: the agent installs its instrumentation in the
 * background and opens the listener after it, so a scenario that starts later is recorded from its first call.
 */
public final class AgentReady {
    private AgentReady() {
    }

    public static void await(String port) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(port)), 1_000);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the agent's listener did not open on port " + port);
    }
}

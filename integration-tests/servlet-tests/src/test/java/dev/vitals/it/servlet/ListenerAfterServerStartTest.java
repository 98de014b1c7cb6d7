package dev.vitals.it.servlet;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's listener and background work wait for the application's start to end. Once the application's web server
 * accepts requests, that wait ends within seconds even if class loading never goes quiet (an application under
 * traffic), instead of lasting the longest wait, {@code exporter.start.wait} (a minute by default).
 */
class ListenerAfterServerStartTest {
    @Test
    void aStartedServerEndsTheWaitWhileClassLoadingStaysBusy() throws Exception {
        long started = System.nanoTime();
        try (ChildApp child = ChildApp.start(App.TOMCAT_10, "log.level=debug", List.of("-Dapp.busyAfterStart=true"))) {
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            String output = child.output();
            // Only the server's start could end this wait: class loading was never quiet, and the longest wait is 60 s.
            assertTrue(output.contains("class loading still busy after") && output.contains("(web server started)"),
                    "the wait did not end on the server's start:\n" + output);
            assertTrue(tookMillis < 40_000, "the listener came up " + tookMillis + " ms after the launch:\n" + output);
            assertEquals(200, child.agent("/health/live").statusCode(), output);
        }
    }
}

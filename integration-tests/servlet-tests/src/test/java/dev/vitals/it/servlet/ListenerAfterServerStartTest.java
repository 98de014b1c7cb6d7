package dev.vitals.it.servlet;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's listener and background work wait for the application's start to end: until class loading goes quiet,
 * at most {@code exporter.start.wait}. The application's web server moves that end: once the server accepts requests
 * the wait ends within seconds even if class loading never goes quiet (an application under traffic), and a server
 * still starting when the longest wait has passed (a large application on a small machine) is waited for.
 */
class ListenerAfterServerStartTest {
    @Test
    void aStartedServerEndsTheWaitWhileClassLoadingStaysBusy() throws Exception {
        long started = System.nanoTime();
        try (ChildApp child = ChildApp.start(App.TOMCAT_10, "log.level=debug,exporter.start.wait=60s",
                List.of("-Dapp.busyAfterStart=true"))) {
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            String output = child.output();
            // Only the server's start could end this wait: class loading was never quiet, and the longest wait is 60 s.
            assertTrue(output.contains("class loading still busy after") && output.contains("(web server started)"),
                    "the wait did not end on the server's start:\n" + output);
            assertTrue(tookMillis < 40_000, "the listener came up " + tookMillis + " ms after the launch:\n" + output);
            assertEquals(200, child.agent("/health/live").statusCode(), output);
        }
    }

    @Test
    void aServerStillStartingWhenTheLongestWaitHasPassedIsWaitedFor() throws Exception {
        // The server is created at once and started 8 s later, class loading busy throughout; the longest wait is 3 s.
        try (ChildApp child = ChildApp.start(App.TOMCAT_10, "log.level=debug,exporter.start.wait=3s",
                List.of("-Dapp.busyBeforeStartSeconds=8"))) {
            String output = child.output();
            int serverUp = output.indexOf("APP_PORT=");
            int listenerUp = output.indexOf("listening on");
            assertTrue(serverUp >= 0 && listenerUp > serverUp,
                    "the agent's listener started before the application's server:\n" + output);
            assertTrue(output.contains("(web server started)"), output);
        }
    }
}

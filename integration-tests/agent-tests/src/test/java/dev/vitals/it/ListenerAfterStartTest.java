package dev.vitals.it;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The listener and the background work wait for the application's start to end (class loading quiet), so that they do
 * not compete with it; {@code exporter.start.wait=0} starts them at once. The application here "starts" by loading
 * classes, then says whether the agent's listener threads were up before it stopped.
 */
class ListenerAfterStartTest {
    private static final Pattern STARTED = Pattern.compile("^start over; listener (already up|not up yet); health checks (ran|not run)$");

    @Test
    void theListenerWaitsUntilClassLoadingGoesQuiet() {
        try (AgentProcess app = AgentProcess.main(BusyStart.class).args("3").start()) {
            java.util.regex.MatchResult said = app.awaitOutput(STARTED, Duration.ofSeconds(60));
            assertEquals("not up yet", said.group(1), "the listener started while the application was loading classes" + app.describe());
            // The system check is registered while the agent wires, at premain; its first run waits like the listener.
            assertEquals("not run", said.group(2), "a health check ran while the application was loading classes" + app.describe());
            app.agentPort();
            assertTrue(app.stderr().indexOf("listening on") > 0, app.describe());
            assertEquals(200, app.get("/health/live").status(), app.describe());
        }
    }

    @Test
    void aZeroWaitStartsTheListenerAtOnce() {
        try (AgentProcess app = AgentProcess.main(BusyStart.class).agentArg("exporter.start.wait", "0").args("20").start()) {
            java.util.regex.MatchResult said = app.awaitOutput(STARTED, Duration.ofSeconds(60));
            assertEquals("already up", said.group(1), app.describe());
            assertEquals("ran", said.group(2), app.describe());
        }
    }

    /**
     * Loads a class through a new class loader every 2 ms (some 400 classes a second) for {@code args[0]} seconds, or
     * until the agent's listener threads are up, then stays up. Says whether a health check ran meanwhile (a
     * {@code vitals-health} worker thread was seen).
     */
    public static final class BusyStart {
        public static void main(String[] args) throws Exception {
            URL classes = BusyStart.class.getProtectionDomain().getCodeSource().getLocation();
            long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000_000L;
            boolean up = false;
            boolean checked = false;
            while (!up && System.nanoTime() < end) {
                try (URLClassLoader loader = new URLClassLoader(new URL[] {classes}, null)) {
                    loader.loadClass(Payload.class.getName());
                }
                Thread.sleep(2);
                java.util.Set<Thread> threads = Thread.getAllStackTraces().keySet();
                up = threads.stream().anyMatch(t -> t.getName().startsWith("vitals-http"));
                checked |= threads.stream().anyMatch(t -> t.getName().startsWith("vitals-health"));
            }
            System.out.println("start over; listener " + (up ? "already up" : "not up yet") + "; health checks "
                    + (checked ? "ran" : "not run"));
            Thread.sleep(120_000);
        }
    }

    /** What each new loader loads: a class of its own. */
    public static final class Payload {
    }
}

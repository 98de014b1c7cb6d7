package dev.vitals.agent;

import dev.vitals.bootstrap.lifecycle.ServerLifecycle;

import java.lang.management.ManagementFactory;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Tells when the application's own start is over, so that the agent's listener and background work start after it
 * instead of competing with it for the CPU: on two cores they added about a quarter of the agent's cost to a Tomcat
 * distribution's time to its first response.
 *
 * <p>A start loads classes at hundreds a second (a server's start, Spring's context refresh, a JSP compile); a
 * started application loads a few now and then. So the start counts as over once class loading has been quiet, at
 * most {@value #QUIET_CLASSES} classes in each of {@value #QUIET_POLLS} polls {@value #POLL_MILLIS} ms apart, or when
 * the longest wait has passed, whichever comes first.
 *
 * <p>Waiting for a web server: while a web server's class has loaded but the server has not started yet (a Spring Boot
 * application's embedded Tomcat is created early in the context refresh and started at its end), the start is on,
 * whatever class loading does and however long the longest wait ({@code exporter.start.wait}, 15 s by default): the
 * wait goes on until that server has started, at most {@value #SERVER_START_LIMIT_MILLIS} ms in all. Ending it at
 * 15 s put the listener's and the features' start (some 300 ms of CPU) into the middle of a 16 s start, and on one
 * core half a quiet second in the middle of a start (the application's threads waiting for the JIT compiler's) did
 * the same. Once the server accepts requests (the server-start advice says so), the wait ends at most
 * {@value #AFTER_SERVER_MILLIS} ms later, even before the longest wait: its first requests may keep loading classes,
 * and the listener should not lag the application's own port by much. An application with no web server the agent
 * knows (a batch job, a loop of hot redeploys) waits as before.
 */
final class ApplicationStart {
    static final long POLL_MILLIS = 250;
    static final int QUIET_CLASSES = 20;
    static final int QUIET_POLLS = 2;
    /** Once the web server has started, the longest the wait goes on. */
    static final long AFTER_SERVER_MILLIS = 5_000;
    /** The longest wait for a web server that is starting (its class has loaded). */
    static final long SERVER_START_LIMIT_MILLIS = 60_000;

    /** Time, injectable so that tests need not sleep. */
    interface Clock {
        long nanoTime();

        void sleep(long millis) throws InterruptedException;
    }

    private static final Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }
    };

    private final LongSupplier loadedClasses;
    private final BooleanSupplier serverLoaded;
    private final BooleanSupplier serverStarted;
    private final Clock clock;

    /**
     * @param serverLoaded  whether a web server's class has loaded (a server is starting)
     * @param serverStarted whether the web server has started
     */
    ApplicationStart(LongSupplier loadedClasses, BooleanSupplier serverLoaded, BooleanSupplier serverStarted, Clock clock) {
        this.loadedClasses = loadedClasses;
        this.serverLoaded = serverLoaded;
        this.serverStarted = serverStarted;
        this.clock = clock;
    }

    /** This JVM's start, from the count of classes it has loaded since it started and its web server's start. */
    static ApplicationStart ofThisJvm(BooleanSupplier serverLoaded) {
        return new ApplicationStart(ManagementFactory.getClassLoadingMXBean()::getTotalLoadedClassCount, serverLoaded,
                ServerLifecycle::isStarted, SYSTEM);
    }

    /**
     * Waits until class loading has been quiet, or {@code maxWaitMillis} has passed, or, with a web server,
     * {@value #AFTER_SERVER_MILLIS} ms since it was first seen started (see the class comment).
     *
     * @return true when class loading went quiet, false when the wait ran out first
     */
    boolean awaitEnd(long maxWaitMillis) throws InterruptedException {
        if (maxWaitMillis <= 0) {
            return false;
        }
        long begun = clock.nanoTime();
        long longest = begun + maxWaitMillis * 1_000_000L;
        long serverLimit = begun + Math.max(maxWaitMillis, SERVER_START_LIMIT_MILLIS) * 1_000_000L;
        long serverStartedAt = 0;
        boolean serverSeen = false;
        long before = loadedClasses.getAsLong();
        int quietPolls = 0;
        while (true) {
            long now = clock.nanoTime();
            if (!serverSeen && serverStarted.getAsBoolean()) {
                serverSeen = true;
                serverStartedAt = now;
            }
            // A server created but not started yet: the start is still on, however quiet class loading looks (on one
            // core the application's threads can wait seconds for the JIT compiler's, and load nothing meanwhile).
            boolean serverStarting = !serverSeen && serverLoaded.getAsBoolean();
            if (quietPolls >= QUIET_POLLS && !serverStarting) {
                return true;
            }
            long end = serverSeen ? Math.min(serverLimit, serverStartedAt + AFTER_SERVER_MILLIS * 1_000_000L)
                    : serverStarting ? serverLimit : longest;
            long leftMillis = (end - now) / 1_000_000L;
            if (leftMillis <= 0) {
                return false;
            }
            clock.sleep(Math.min(POLL_MILLIS, leftMillis));
            long loaded = loadedClasses.getAsLong();
            quietPolls = loaded - before <= QUIET_CLASSES ? quietPolls + 1 : 0;
            before = loaded;
        }
    }
}

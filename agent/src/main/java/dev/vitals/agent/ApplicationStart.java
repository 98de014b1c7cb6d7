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
 * <p>Once the application's web server accepts requests (the server-start advice says so), the wait ends at most
 * {@value #AFTER_SERVER_MILLIS} ms later: its first requests may keep loading classes, and the listener should not
 * lag the application's own port by much. So the longest wait only matters for an application with no server the
 * agent knows, and it can be long enough (a minute by default) for a large application's start on a small machine:
 * ending the wait at 15 s put the listener's and the features' start (some 300 ms of CPU) into the middle of a
 * 16 s Spring Boot start.
 */
final class ApplicationStart {
    static final long POLL_MILLIS = 250;
    static final int QUIET_CLASSES = 20;
    static final int QUIET_POLLS = 2;
    /** Once the web server has started, the longest the wait goes on. */
    static final long AFTER_SERVER_MILLIS = 5_000;

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
    private final BooleanSupplier serverStarted;
    private final Clock clock;

    ApplicationStart(LongSupplier loadedClasses, BooleanSupplier serverStarted, Clock clock) {
        this.loadedClasses = loadedClasses;
        this.serverStarted = serverStarted;
        this.clock = clock;
    }

    /** This JVM's start, from the count of classes it has loaded since it started and its web server's start. */
    static ApplicationStart ofThisJvm() {
        return new ApplicationStart(ManagementFactory.getClassLoadingMXBean()::getTotalLoadedClassCount,
                ServerLifecycle::isStarted, SYSTEM);
    }

    /**
     * Waits until class loading has been quiet, or {@code maxWaitMillis} has passed, or {@value #AFTER_SERVER_MILLIS}
     * ms since the web server was first seen started, whichever comes first.
     *
     * @return true when class loading went quiet, false when the wait ran out first
     */
    boolean awaitEnd(long maxWaitMillis) throws InterruptedException {
        long deadline = clock.nanoTime() + maxWaitMillis * 1_000_000L;
        boolean serverSeen = false;
        long before = loadedClasses.getAsLong();
        int quietPolls = 0;
        while (quietPolls < QUIET_POLLS) {
            if (!serverSeen && serverStarted.getAsBoolean()) {
                serverSeen = true;
                deadline = Math.min(deadline, clock.nanoTime() + AFTER_SERVER_MILLIS * 1_000_000L);
            }
            long leftMillis = (deadline - clock.nanoTime()) / 1_000_000L;
            if (leftMillis <= 0) {
                return false;
            }
            clock.sleep(Math.min(POLL_MILLIS, leftMillis));
            long now = loadedClasses.getAsLong();
            quietPolls = now - before <= QUIET_CLASSES ? quietPolls + 1 : 0;
            before = now;
        }
        return true;
    }
}

package dev.vitals.exporter;

import java.util.function.LongSupplier;

/**
 * An {@link ExporterLog} that lets through at most a few lines per minute: the listener's own warnings are
 * mostly about clients (aborted bodies, unparseable requests), and any client must not be able to fill the
 * application's log. The first line after a quiet period says how many were dropped.
 *
 * <p>Thread-safe.
 */
final class RateLimitedLog implements ExporterLog {
    static final int LINES_PER_MINUTE = 10;
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final ExporterLog target;
    private final LongSupplier nanoClock;
    private long windowStart;
    private int inWindow;
    private long dropped;

    RateLimitedLog(ExporterLog target, LongSupplier nanoClock) {
        this.target = target;
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
    }

    @Override
    public void warn(String message, Throwable error) {
        long droppedBefore;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (now - windowStart >= MINUTE_NANOS) {
                windowStart = now;
                inWindow = 0;
            }
            if (inWindow >= LINES_PER_MINUTE) {
                dropped++;
                return;
            }
            inWindow++;
            droppedBefore = dropped;
            dropped = 0;
        }
        target.warn(droppedBefore == 0 ? message
                : message + " (" + droppedBefore + " similar lines suppressed; at most " + LINES_PER_MINUTE
                        + " a minute)", error);
    }
}

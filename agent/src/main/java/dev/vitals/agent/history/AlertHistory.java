package dev.vitals.agent.history;

import java.util.List;

/**
 * The hook through which performance reports list the alerts raised in their period. The alert engine provides
 * it: either implement this interface on any object it registers with the agent context (an endpoint group or a
 * metrics source; the report finds it there), or call {@link History#setAlertHistory}. Without one, reports say
 * {@code "alertsAvailable": false} and list no alerts.
 *
 * <p>Implementations must be thread-safe: reports call it on listener worker threads.
 */
public interface AlertHistory {
    /** Alerts that fired in {@code [fromMillis, toMillis)}, oldest first. */
    List<AlertRecord> alertsBetween(long fromMillis, long toMillis);
}

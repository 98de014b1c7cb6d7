package dev.vitals.agent.history;

import java.util.List;

/**
 * The hook through which performance reports list the alerts raised in their period. The alert feature provides
 * it as a service of the agent context ({@code context.provide(AlertHistory.class, ...)}; reports look it up when
 * they are written), or a test calls {@link History#setAlertHistory}. Without one, reports say
 * {@code "alertsAvailable": false} and list no alerts.
 *
 * <p>Implementations must be thread-safe: reports call it on listener worker threads.
 */
public interface AlertHistory {
    /** Alerts that fired in {@code [fromMillis, toMillis)}, oldest first. */
    List<AlertRecord> alertsBetween(long fromMillis, long toMillis);
}

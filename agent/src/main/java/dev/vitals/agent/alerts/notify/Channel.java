package dev.vitals.agent.alerts.notify;

/**
 * One notification channel. {@link #deliver} makes one attempt and throws on failure; {@link Dispatcher}
 * retries, on the channel's own thread, so a slow channel delays only itself.
 */
public interface Channel {
    /** {@code webhook}, {@code slack}, {@code email}, {@code alertmanager}: the metric label and log key. */
    String name();

    /** Whether this channel wants the event; Alertmanager alone takes {@link Notification.Kind#SYNC} and quiet events. */
    default boolean accepts(Notification n) {
        return n.kind != Notification.Kind.SYNC && !n.quiet;
    }

    void deliver(Notification n) throws Exception;
}

package dev.vitals.agent.alerts.notify;

/** A delivery attempt that failed with a reason safe to log (never a URL or credential). */
final class DeliveryException extends Exception {
    private static final long serialVersionUID = 1L;

    DeliveryException(String message) {
        super(message);
    }
}

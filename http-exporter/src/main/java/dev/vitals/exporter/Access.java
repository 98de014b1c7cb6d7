package dev.vitals.exporter;

/**
 * Who may call a route.
 *
 * <p>{@link #PROTECTED} routes require {@code Authorization: Bearer <token>} when the exporter has an auth
 * token; without a token they answer only to loopback clients, so that an unconfigured agent never exposes
 * them to the network.
 */
public enum Access {
    /** Open to every client. */
    PUBLIC,
    /** Bearer token when one is configured, otherwise loopback clients only. */
    PROTECTED
}

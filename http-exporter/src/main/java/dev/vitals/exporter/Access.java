package dev.vitals.exporter;

/**
 * Who may call a route. Probes ({@link HttpExporter.Builder#probe}) are always open and are not listed here.
 *
 * <p>"The token" below means: {@code Authorization: Bearer <token>} when the exporter has an auth token;
 * without one, a loopback client, so that an unconfigured agent never exposes protected routes to the network.
 */
public enum Access {
    /** Open to every client under every scope; only for content that holds no data, such as static files. */
    OPEN,
    /**
     * Open to every client in the default scope, behind the token when the exporter protects everything
     * ({@link HttpExporter.Builder#protectAll}). A handler may show more to an {@link Request#authorized()}
     * client.
     */
    PUBLIC,
    /** Always behind the token. */
    PROTECTED
}

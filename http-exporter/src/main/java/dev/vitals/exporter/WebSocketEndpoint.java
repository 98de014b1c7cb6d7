package dev.vitals.exporter;

/**
 * A WebSocket route: decides, during the HTTP upgrade request, whether to accept the connection.
 *
 * <p>Called on a worker thread after routing and the access check, before the handshake answer is sent, so a
 * refusal is an ordinary JSON error answer: throw {@link HttpError} (400 for bad query parameters, 429 when a
 * connection cap is reached). Called concurrently; must be thread-safe.
 */
@FunctionalInterface
public interface WebSocketEndpoint {
    /**
     * @param request the upgrade request (query parameters, headers, peer); it has no body
     * @return the listener of the new connection; never {@code null}
     */
    WebSocketListener accept(Request request);
}

package dev.vitals.exporter;

/**
 * Events of one accepted WebSocket connection.
 *
 * <p>{@link #onOpen} and {@link #onText} run on the listener's IO thread, so they must be quick and must not
 * block: hand real work to another thread. {@link #onClose} runs once, on whichever thread closed the
 * connection.
 */
public interface WebSocketListener {
    /** The handshake is done and the session can send. */
    void onOpen(WebSocketSession session);

    /**
     * A complete text message from the client. Messages over the exporter's {@code maxBodyBytes} are never
     * delivered: the connection is closed instead.
     */
    void onText(WebSocketSession session, String text);

    /** The connection is closed (by either side, or dropped); the session can no longer send. */
    void onClose(WebSocketSession session);
}

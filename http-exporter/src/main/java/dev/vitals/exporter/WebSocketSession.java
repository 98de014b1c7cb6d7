package dev.vitals.exporter;

import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.xnio.IoUtils;

/**
 * One open WebSocket connection, as the application side of a {@link WebSocketListener} sees it.
 *
 * <p>Sending is asynchronous and never blocks. Undertow queues a frame the socket cannot take yet, without
 * limit; so the session counts the bytes handed to Undertow and not yet written to the socket, and when a
 * send would take that past the exporter's {@code webSocketMaxPendingBytes} it drops the connection instead
 * ({@link #dropped()} tells). A client that stops reading therefore costs at most that many bytes of heap.
 *
 * <p>Thread-safe: any thread may send or close.
 */
public final class WebSocketSession {
    private final WebSocketChannel channel;
    private final long maxPendingBytes;
    private final InetAddress remoteAddress;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicBoolean dropped = new AtomicBoolean();
    private volatile Object attachment;

    WebSocketSession(WebSocketChannel channel, long maxPendingBytes) {
        this.channel = channel;
        this.maxPendingBytes = maxPendingBytes;
        InetSocketAddress peer = channel.getSourceAddress();
        this.remoteAddress = peer == null ? null : peer.getAddress();
    }

    /**
     * Queues a text message.
     *
     * @return false if the connection is closed, or if it was dropped now because the client is not reading
     *     fast enough (more than {@code webSocketMaxPendingBytes} would be waiting for the socket)
     */
    public boolean sendText(String text) {
        if (!isOpen()) {
            return false;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        long length = bytes.length;
        if (pending.addAndGet(length) > maxPendingBytes) {
            pending.addAndGet(-length);
            drop();
            return false;
        }
        WebSockets.sendText(ByteBuffer.wrap(bytes), channel, new WebSocketCallback<Void>() {
            @Override
            public void complete(WebSocketChannel ch, Void context) {
                pending.addAndGet(-length);
            }

            @Override
            public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
                pending.addAndGet(-length);
                IoUtils.safeClose(ch);
            }
        });
        return true;
    }

    /** Sends a close frame with a status code (RFC 6455 section 7.4) and a short reason, then closes. */
    public void close(int code, String reason) {
        if (!isOpen()) {
            return;
        }
        WebSockets.sendClose(code, reason, channel, new WebSocketCallback<Void>() {
            @Override
            public void complete(WebSocketChannel ch, Void context) {
                IoUtils.safeClose(ch);
            }

            @Override
            public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
                IoUtils.safeClose(ch);
            }
        });
    }

    /** Closes the TCP connection at once, without a close frame: for a client that does not read. */
    public void drop() {
        dropped.set(true);
        IoUtils.safeClose(channel);
    }

    /** True once {@link #drop()} ran, by a call or because the client fell behind. */
    public boolean dropped() {
        return dropped.get();
    }

    public boolean isOpen() {
        return channel.isOpen() && !channel.isCloseFrameSent();
    }

    /** Bytes handed to the connection and not yet written to the socket. */
    public long pendingBytes() {
        return pending.get();
    }

    /** The TCP peer's address, or {@code null} if unknown. */
    public InetAddress remoteAddress() {
        return remoteAddress;
    }

    /** The application's own per-connection object, if it set one. */
    public Object attachment() {
        return attachment;
    }

    public void attach(Object value) {
        this.attachment = value;
    }
}

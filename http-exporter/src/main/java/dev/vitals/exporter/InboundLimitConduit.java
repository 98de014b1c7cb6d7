package dev.vitals.exporter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicLong;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Bounds what a WebSocket client can make the listener read ahead of the messages it has delivered.
 *
 * <p>Undertow's frame parser reads a frame's payload into memory as it arrives, ahead of the buffered message's
 * own size check, so one frame that declares 100 MB was read whole. This conduit counts the bytes read from the
 * socket since the last message was delivered ({@link #delivered()}), and closes the connection when they pass
 * the limit: the heap a client can take is the limit, however it frames its data.
 *
 * <p>Reads happen on the connection's IO thread; {@link #delivered()} may be called from any thread.
 */
final class InboundLimitConduit extends AbstractStreamSourceConduit<StreamSourceConduit> {
    private final StreamConnection connection;
    private final long limit;
    private final AtomicLong undelivered = new AtomicLong();

    InboundLimitConduit(StreamConnection connection, StreamSourceConduit next, long limit) {
        super(next);
        this.connection = connection;
        this.limit = limit;
    }

    /** A whole message (or control frame) reached the application: its bytes no longer count. */
    void delivered() {
        undelivered.set(0);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return (int) count(next.read(dst));
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
        return count(next.read(dsts, offs, len));
    }

    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
        return count(next.transferTo(position, count, target));
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
        return count(next.transferTo(count, throughBuffer, target));
    }

    private long count(long n) throws IOException {
        if (n > 0 && undelivered.addAndGet(n) > limit) {
            IoUtils.safeClose(connection);
            throw new IOException("WebSocket client sent more than " + limit + " bytes without completing a message");
        }
        return n;
    }
}

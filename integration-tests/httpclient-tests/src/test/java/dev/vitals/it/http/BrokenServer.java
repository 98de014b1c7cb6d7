package dev.vitals.it.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real TCP server that is not a working HTTP server, in the test JVM: it reads a request's head, then either
 * answers with bytes that are not HTTP ({@link Mode#GARBAGE}, as when a client is pointed at the wrong port) or
 * resets the connection ({@link Mode#RESET}, as a crashing peer or a proxy dropping it does).
 */
final class BrokenServer implements AutoCloseable {
    enum Mode { GARBAGE, RESET }

    private final ServerSocket socket;
    private final Mode mode;
    private final Thread acceptor;
    final AtomicInteger connections = new AtomicInteger();

    BrokenServer(Mode mode) throws IOException {
        this.mode = mode;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "broken-server-" + mode);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String base() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                connections.incrementAndGet();
                readHead(s.getInputStream());
                if (mode == Mode.RESET) {
                    s.setSoLinger(true, 0); // close sends RST instead of FIN
                } else {
                    OutputStream out = s.getOutputStream();
                    out.write("SSH-2.0-OpenSSH_9.6\r\nProtocol mismatch.\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException e) {
                // the client gave up first, or the server is closing
            }
        }
    }

    /** Reads up to the blank line that ends a request's head (or the end of the stream). */
    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b = in.read(); b >= 0; b = in.read()) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == end.length) {
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}

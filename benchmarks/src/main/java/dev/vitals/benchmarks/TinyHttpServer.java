package dev.vitals.benchmarks;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 keep-alive server on a loopback port that answers every request with {@code 200 ok}: the
 * remote end of the HTTP-client benchmark. Plain sockets on purpose: no agent instruments them, so the
 * benchmark measures what an agent adds to the client call only (a JDK {@code HttpServer} would be instrumented
 * as a server by some peers). Requests must have no body, which is what the benchmark sends.
 */
public final class TinyHttpServer implements Closeable {
    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok")
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;

    public TinyHttpServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tiny-http-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                Thread worker = new Thread(() -> serve(socket), "tiny-http-conn");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void serve(Socket socket) {
        byte[] buf = new byte[16 * 1024];
        int end = 0;
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            while (true) {
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) {
                    return;
                }
                end += n;
                int consumed = 0;
                for (int i = 0; i + 3 < end; i++) {
                    if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                        out.write(RESPONSE);
                        consumed = i + 4;
                        i += 3;
                    }
                }
                if (consumed > 0) {
                    out.flush();
                    System.arraycopy(buf, consumed, buf, 0, end - consumed);
                    end -= consumed;
                } else if (end == buf.length) {
                    return; // a request header this large is not ours
                }
            }
        } catch (SocketException e) {
            // the client went away
        } catch (IOException e) {
            System.err.println("tiny-http: " + e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

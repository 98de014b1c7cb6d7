package dev.vitals.it;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP/1.1 conversation on a raw socket, for what an HTTP client library would not send (malformed framing,
 * pipelined requests) or would hide (whether the server closed the connection): the bytes go out as given, and
 * the answers are read until the server closes (or 20 s pass).
 */
final class RawHttp {
    final String raw;
    final boolean closedByServer;
    /** The responses in the order read, each with Content-Length, as the listener sends them. */
    final List<Response> responses = new ArrayList<>();

    record Response(int status, String contentType, String body, String head) {
        /** A header's value, name case-insensitive; the empty string when absent. */
        String header(String name) {
            return RawHttp.header(head, name);
        }
    }

    private RawHttp(String raw, boolean closedByServer) {
        this.raw = raw;
        this.closedByServer = closedByServer;
        int at = 0;
        while (at < raw.length()) {
            int headEnd = raw.indexOf("\r\n\r\n", at);
            if (headEnd < 0) {
                break;
            }
            String head = raw.substring(at, headEnd);
            int length = Integer.parseInt(header(head, "content-length"));
            int bodyStart = headEnd + 4;
            responses.add(new Response(Integer.parseInt(head.substring(9, 12)), header(head, "content-type"),
                    raw.substring(bodyStart, Math.min(raw.length(), bodyStart + length)), head));
            at = bodyStart + length;
        }
    }

    /** Writes {@code wire} to 127.0.0.1:{@code port} in pieces of {@code piece} bytes, then reads the answers. */
    static RawHttp exchange(int port, String wire, int piece) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < bytes.length; i += piece) {
                out.write(bytes, i, Math.min(piece, bytes.length - i));
                out.flush();
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            boolean closed;
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    received.write(buffer, 0, n);
                }
                closed = true;
            } catch (SocketTimeoutException e) {
                closed = false;
            }
            return new RawHttp(received.toString(StandardCharsets.ISO_8859_1), closed);
        }
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "";
    }
}

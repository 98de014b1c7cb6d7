package dev.vitals.benchmarks;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection over a plain socket, for the client side of the servlet benchmark and the
 * load generator. It allocates nothing per exchange once connected (requests are prebuilt byte arrays, the
 * response is parsed in place and its body skipped), so that JMH's B/op is the server's and the agent's, and
 * it is no library any agent instruments, so the client side costs the same with every agent.
 *
 * <p>Understands {@code Content-Length} and {@code chunked} bodies; not thread-safe (one per thread).
 */
public final class RawHttpConnection implements Closeable {
    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHUNKED = "chunked".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION = "connection:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "close".getBytes(StandardCharsets.US_ASCII);

    private final String host;
    private final int port;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean closeRequested;
    private long reconnects;
    private final byte[] buf = new byte[64 * 1024];
    private int start;
    private int end;

    public RawHttpConnection(String host, int port, int timeoutMillis) throws IOException {
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
        connect();
    }

    private void connect() throws IOException {
        start = 0;
        end = 0;
        closeRequested = false;
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(timeoutMillis);
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** {@code GET path HTTP/1.1} with a Host header, as bytes to pass to {@link #exchange}. */
    public static byte[] get(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A form-encoded POST. */
    public static byte[] postForm(String path, String form) {
        byte[] body = form.getBytes(StandardCharsets.US_ASCII);
        return ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length + "\r\n\r\n" + form)
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends one request and reads its whole response; returns the status code. */
    public int exchange(byte[] request) throws IOException {
        if (closeRequested) {
            // The server ended keep-alive (Tomcat does after maxKeepAliveRequests): open a new connection.
            socket.close();
            connect();
            reconnects++;
        }
        out.write(request);
        out.flush();
        return readResponse();
    }

    private int readResponse() throws IOException {
        int headerEnd;
        while ((headerEnd = indexOfBlankLine()) < 0) {
            fill();
        }
        if (headerEnd - start < 12 || buf[start] != 'H') {
            throw new IOException("not an HTTP response");
        }
        int status = (buf[start + 9] - '0') * 100 + (buf[start + 10] - '0') * 10 + (buf[start + 11] - '0');
        long contentLength = -1;
        boolean chunked = false;
        int line = start;
        while (line < headerEnd) {
            int eol = line;
            while (eol < headerEnd && buf[eol] != '\r') {
                eol++;
            }
            if (startsWithIgnoreCase(line, eol, CONTENT_LENGTH)) {
                contentLength = parseDecimal(line + CONTENT_LENGTH.length, eol);
            } else if (startsWithIgnoreCase(line, eol, TRANSFER_ENCODING)) {
                chunked = contains(line + TRANSFER_ENCODING.length, eol, CHUNKED);
            } else if (startsWithIgnoreCase(line, eol, CONNECTION)) {
                closeRequested = contains(line + CONNECTION.length, eol, CLOSE);
            }
            line = eol + 2;
        }
        start = headerEnd + 4;
        if (chunked) {
            skipChunks();
        } else if (contentLength > 0) {
            skip(contentLength);
        } else if (contentLength < 0 && status >= 200 && status != 204 && status != 304) {
            throw new IOException("response without Content-Length or chunked body; the connection cannot be reused");
        }
        return status;
    }

    private void skipChunks() throws IOException {
        while (true) {
            int eol;
            while ((eol = indexOfCrlf(start)) < 0) {
                fill();
            }
            long size = 0;
            for (int i = start; i < eol && buf[i] != ';'; i++) {
                size = size * 16 + Character.digit(buf[i], 16);
            }
            start = eol + 2;
            if (size == 0) {
                // trailers, then the blank line
                while (true) {
                    while ((eol = indexOfCrlf(start)) < 0) {
                        fill();
                    }
                    boolean blank = eol == start;
                    start = eol + 2;
                    if (blank) {
                        return;
                    }
                }
            }
            skip(size + 2);
        }
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            if (start == end) {
                fill();
            }
            int k = (int) Math.min(n, end - start);
            start += k;
            n -= k;
        }
    }

    private void fill() throws IOException {
        if (start == end) {
            start = 0;
            end = 0;
        } else if (end == buf.length) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            throw new IOException("response header larger than " + buf.length + " bytes");
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            throw new EOFException("connection closed by the server");
        }
        end += n;
    }

    private int indexOfBlankLine() {
        for (int i = start; i + 3 < end; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private int indexOfCrlf(int from) {
        for (int i = from; i + 1 < end; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private boolean startsWithIgnoreCase(int from, int to, byte[] lowerPrefix) {
        if (to - from < lowerPrefix.length) {
            return false;
        }
        for (int i = 0; i < lowerPrefix.length; i++) {
            byte b = buf[from + i];
            if (b >= 'A' && b <= 'Z') {
                b = (byte) (b + ('a' - 'A'));
            }
            if (b != lowerPrefix[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean contains(int from, int to, byte[] lower) {
        for (int i = from; i + lower.length <= to; i++) {
            if (startsWithIgnoreCase(i, to, lower)) {
                return true;
            }
        }
        return false;
    }

    private long parseDecimal(int from, int to) throws IOException {
        long value = 0;
        boolean any = false;
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if (b >= '0' && b <= '9') {
                value = value * 10 + (b - '0');
                any = true;
            } else if (b != ' ' && b != '\t') {
                break;
            }
        }
        if (!any) {
            throw new IOException("bad Content-Length");
        }
        return value;
    }

    /** How often the server closed the connection and a new one was opened. */
    public long reconnects() {
        return reconnects;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package dev.vitals.agent.cache;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The smallest RESP exchange the Redis check needs: a command without arguments ({@code PING}, {@code INFO})
 * written as a RESP array, and one reply read back: a simple string, an error or a bulk string.
 *
 * <p>Why not a library: the application's Jedis or Lettuce would have to be driven reflectively through its
 * class loader (held weakly), with its own connection configuration, pools and, for Lettuce, Netty event loops
 * started inside the application; and the agent must not bundle a second Redis client. Two fixed commands and
 * three reply types are a few dozen lines, with every path tested in {@code RespTest} and against a real
 * server in the integration tests. Replies are bounded ({@link #MAX_BULK}), so a misbehaving server cannot make
 * the check allocate without limit.
 */
final class Resp {
    /** Largest bulk reply read; {@code INFO} is a few kilobytes. */
    static final int MAX_BULK = 1 << 20;
    private static final int MAX_LINE = 8 << 10;

    private Resp() {
    }

    /** Writes {@code *1\r\n$<len>\r\n<command>\r\n}. */
    static void writeCommand(OutputStream out, String command) throws IOException {
        byte[] name = command.getBytes(StandardCharsets.US_ASCII);
        String frame = "*1\r\n$" + name.length + "\r\n" + command + "\r\n";
        out.write(frame.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * Reads one reply: a simple string ({@code +PONG}) or bulk string ({@code $n}) as its text.
     *
     * @throws ReplyError   for an error reply ({@code -ERR ...}, {@code -NOAUTH ...})
     * @throws IOException  for anything else, an end of stream or a reply over the bounds
     */
    static String readReply(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new IOException("connection closed by the server");
        }
        String line = readLine(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new ReplyError(line);
            case '$': {
                int len;
                try {
                    len = Integer.parseInt(line);
                } catch (NumberFormatException e) {
                    throw new IOException("bad bulk length: " + abbreviate(line));
                }
                if (len < 0) {
                    return null;
                }
                if (len > MAX_BULK) {
                    throw new IOException("bulk reply of " + len + " bytes is over the limit of " + MAX_BULK);
                }
                byte[] data = new byte[len];
                int off = 0;
                while (off < len) {
                    int n = in.read(data, off, len - off);
                    if (n < 0) {
                        throw new IOException("connection closed inside a bulk reply");
                    }
                    off += n;
                }
                if (in.read() != '\r' || in.read() != '\n') {
                    throw new IOException("bulk reply not terminated by CRLF");
                }
                return new String(data, StandardCharsets.UTF_8);
            }
            default:
                throw new IOException("unexpected reply type '" + (char) type + "'");
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside a reply");
            }
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw new IOException("reply line not terminated by CRLF");
                }
                return new String(buf.toByteArray(), StandardCharsets.UTF_8);
            }
            if (buf.size() >= MAX_LINE) {
                throw new IOException("reply line over " + MAX_LINE + " bytes");
            }
            buf.write(b);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** An error reply from the server. */
    static final class ReplyError extends IOException {
        private static final long serialVersionUID = 1L;

        ReplyError(String message) {
            super(message);
        }
    }
}

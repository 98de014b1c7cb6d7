package dev.vitals.exporter;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A strict decoder of a chunked request body (RFC 9112 section 7.1), fed the raw bytes as they arrive.
 *
 * <p>Undertow's own decoder reads anything that is not a hex digit as the start of a chunk extension, so
 * {@code zz\r\n} is taken for the last chunk and the listener waits for a trailer that never comes; and on the
 * errors it does detect it closes the connection without an answer. This one refuses the first byte that breaks
 * the grammar with a 400 naming what was wrong, and a body over the limit with a 413, before reading on.
 *
 * <p>Accepted: {@code 1*HEXDIG [chunk-ext] CRLF data CRLF}, repeated, then a zero-size chunk, optional trailer
 * fields (read and dropped) and CRLF. Line ends must be CRLF. Not thread-safe: one decoder per request.
 */
final class ChunkedBody {
    /** Chunk extensions carry nothing the listener uses; this bounds what a client can make it skip. */
    static final int MAX_EXTENSION_BYTES = 1024;
    /** Trailer fields are dropped; this bounds what a client can make it skip. */
    static final int MAX_TRAILER_BYTES = 8 * 1024;

    private enum State {
        SIZE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER_START, TRAILER_FIELD, TRAILER_LF, END_LF, DONE
    }

    private final int maxBodyBytes;
    private State state = State.SIZE;
    private byte[] body = new byte[256];
    private int length;
    private long chunkSize;
    private int sizeDigits;
    private int extensionBytes;
    private int trailerBytes;
    private boolean trailerHasColon;
    private int trailerNameBytes;

    ChunkedBody(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Consumes bytes from {@code in} until it is empty or the body has ended; on the end, {@code in} is left at
     * the first byte after the body (the next pipelined request, if any).
     *
     * @return true when the body has ended
     * @throws HttpError 400 for bytes that break the chunked grammar, 413 for a body over the limit
     */
    boolean feed(ByteBuffer in) {
        while (state != State.DONE && in.hasRemaining()) {
            if (state == State.DATA) {
                copyData(in);
                continue;
            }
            step(in.get() & 0xff);
        }
        return state == State.DONE;
    }

    /** Whether the whole body has been read. */
    boolean done() {
        return state == State.DONE;
    }

    /** The decoded body so far (the whole body once {@link #feed} returned true). */
    byte[] body() {
        return Arrays.copyOf(body, length);
    }

    private void step(int b) {
        switch (state) {
            case SIZE:
                size(b);
                break;
            case EXTENSION:
                if (b == '\r') {
                    state = State.SIZE_LF;
                } else if (!fieldByte(b)) {
                    throw malformed("chunk extension holds the control byte " + show(b));
                } else if (++extensionBytes > MAX_EXTENSION_BYTES) {
                    throw malformed("chunk extension is longer than " + MAX_EXTENSION_BYTES + " bytes");
                }
                break;
            case SIZE_LF:
                expectLf(b, "chunk size line");
                state = chunkSize == 0 ? State.TRAILER_START : State.DATA;
                break;
            case DATA_CR:
                if (b != '\r') {
                    throw malformed("chunk data must be followed by CRLF, got " + show(b)
                            + ": the chunk is longer than its declared size");
                }
                state = State.DATA_LF;
                break;
            case DATA_LF:
                expectLf(b, "chunk data");
                state = State.SIZE;
                sizeDigits = 0;
                extensionBytes = 0;
                break;
            case TRAILER_START:
                if (b == '\r') {
                    state = State.END_LF;
                    break;
                }
                trailerHasColon = false;
                trailerNameBytes = 0;
                state = State.TRAILER_FIELD;
                trailer(b);
                break;
            case TRAILER_FIELD:
                trailer(b);
                break;
            case TRAILER_LF:
                expectLf(b, "trailer field");
                trailerBytes++;
                state = State.TRAILER_START;
                break;
            case END_LF:
                expectLf(b, "chunked body");
                state = State.DONE;
                break;
            default:
                throw new IllegalStateException(state.name());
        }
    }

    private void size(int b) {
        int digit = Character.digit(b, 16);
        if (digit >= 0) {
            sizeDigits++;
            chunkSize = chunkSize * 16 + digit;
            if (chunkSize > maxBodyBytes - length) {
                throw HttpError.bodyTooLarge(maxBodyBytes);
            }
            return;
        }
        if (sizeDigits == 0) {
            throw malformed("chunk size must be hexadecimal digits, got " + show(b));
        }
        if (b == '\r') {
            state = State.SIZE_LF;
        } else if (b == ';' || b == ' ' || b == '\t') {
            state = State.EXTENSION;
        } else {
            throw malformed("chunk size must be hexadecimal digits followed by CRLF, got " + show(b));
        }
    }

    private void trailer(int b) {
        if (++trailerBytes > MAX_TRAILER_BYTES) {
            throw malformed("trailer section is longer than " + MAX_TRAILER_BYTES + " bytes");
        }
        if (b == '\r') {
            if (!trailerHasColon || trailerNameBytes == 0) {
                throw malformed("trailer field must be 'name: value'");
            }
            state = State.TRAILER_LF;
        } else if (!fieldByte(b)) {
            throw malformed("trailer field holds the control byte " + show(b));
        } else if (!trailerHasColon) {
            if (b == ':') {
                trailerHasColon = true;
            } else if (b == ' ' || b == '\t') {
                throw malformed("trailer field name must not contain whitespace");
            } else {
                trailerNameBytes++;
            }
        }
    }

    private void copyData(ByteBuffer in) {
        int n = (int) Math.min(chunkSize, in.remaining());
        if (length + n > body.length) {
            // The size check in size() keeps length + chunkSize within maxBodyBytes.
            body = Arrays.copyOf(body, Math.min(maxBodyBytes, Math.max(length + n, body.length * 2)));
        }
        in.get(body, length, n);
        length += n;
        chunkSize -= n;
        if (chunkSize == 0) {
            state = State.DATA_CR;
        }
    }

    private static void expectLf(int b, String what) {
        if (b != '\n') {
            throw malformed(what + " must end with CRLF, got " + show(b) + " after CR");
        }
    }

    /** Visible ASCII, space, tab and obs-text: what a field value or extension may hold. */
    private static boolean fieldByte(int b) {
        return b == '\t' || (b >= 0x20 && b != 0x7f);
    }

    private static String show(int b) {
        return b >= 0x21 && b <= 0x7e ? "'" + (char) b + "'" : String.format("byte 0x%02x", b);
    }

    private static HttpError malformed(String detail) {
        return HttpError.badRequest("malformed chunked request body: " + detail);
    }
}

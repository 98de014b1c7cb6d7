package dev.vitals.exporter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

/**
 * Turns Undertow's own parse-failure answer into the exporter's JSON error.
 *
 * <p>A request whose head Undertow cannot parse (too large, too many headers, bad characters) never reaches a
 * handler: Undertow writes a fixed {@code 400} with an empty body and closes the connection. This conduit sits
 * under Undertow on every connection and, when exactly that fixed answer is written, writes a JSON 400 in its
 * place. Every other write passes through untouched; the check is one length comparison.
 */
final class ParseErrorConduit extends AbstractStreamSinkConduit<StreamSinkConduit> {
    /** What Undertow 2.3's HttpReadListener writes for a request it cannot parse. */
    private static final byte[] UNDERTOW_BAD_REQUEST =
            "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON_BAD_REQUEST = cannedResponse(400, "Bad Request", "bad_request",
            "the request could not be parsed: it is malformed, or its request line, headers and cookies exceed "
                    + HttpExporter.MAX_HEADER_BYTES + " bytes");

    ParseErrorConduit(StreamSinkConduit next) {
        super(next);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (isUndertowBadRequest(src)) {
            return replace(src, false);
        }
        return super.write(src);
    }

    @Override
    public int writeFinal(ByteBuffer src) throws IOException {
        if (isUndertowBadRequest(src)) {
            return replace(src, true);
        }
        return super.writeFinal(src);
    }

    private int replace(ByteBuffer src, boolean last) throws IOException {
        ByteBuffer json = ByteBuffer.wrap(JSON_BAD_REQUEST);
        // The connection is fresh and the answer is a few hundred bytes, so the socket takes it in one go;
        // if it ever did not, the client gets a cut answer on a connection that closes anyway.
        for (int i = 0; i < 4 && json.hasRemaining(); i++) {
            int n = last ? next.writeFinal(json) : next.write(json);
            if (n == 0) {
                break;
            }
        }
        int consumed = src.remaining();
        src.position(src.limit());
        return consumed;
    }

    private static boolean isUndertowBadRequest(ByteBuffer src) {
        if (src.remaining() != UNDERTOW_BAD_REQUEST.length) {
            return false;
        }
        int p = src.position();
        for (int i = 0; i < UNDERTOW_BAD_REQUEST.length; i++) {
            if (src.get(p + i) != UNDERTOW_BAD_REQUEST[i]) {
                return false;
            }
        }
        return true;
    }

    /** A complete HTTP/1.1 answer with a JSON error body that closes the connection. */
    static byte[] cannedResponse(int status, String reason, String error, String detail) {
        byte[] body = Json.error(error, detail);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: " + Response.JSON
                + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n"
                + (status == 503 ? "Retry-After: 1\r\n" : "") + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }
}

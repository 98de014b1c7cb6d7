package dev.vitals.exporter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The strict chunked-body decoder, fed whole and byte by byte. */
class ChunkedBodyTest {
    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String decodeWhole(String wire, int max) {
        ChunkedBody decoder = new ChunkedBody(max);
        ByteBuffer in = bytes(wire);
        assertTrue(decoder.feed(in), "body ended");
        return new String(decoder.body(), StandardCharsets.UTF_8);
    }

    private static HttpError refusal(String wire, int max) {
        ChunkedBody decoder = new ChunkedBody(max);
        return assertThrows(HttpError.class, () -> decoder.feed(bytes(wire)), wire);
    }

    @Test
    void chunksExtensionsAndTrailersDecodeAndTheNextRequestIsLeftInTheBuffer() {
        String wire = "5\r\nhello\r\n1;name=\"v\"\r\n \r\nA ; x\r\n0123456789\r\n0\r\nX-Check: 1\r\nOther:\r\n\r\nGET / HTTP/1.1";
        ChunkedBody decoder = new ChunkedBody(1024);
        ByteBuffer in = bytes(wire);
        assertTrue(decoder.feed(in));
        assertEquals("hello 0123456789", new String(decoder.body(), StandardCharsets.UTF_8));
        assertEquals("GET / HTTP/1.1", StandardCharsets.ISO_8859_1.decode(in).toString(), "bytes after the body untouched");
    }

    @Test
    void aBodyArrivingOneByteAtATimeDecodesTheSame() {
        String wire = "3\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n";
        ChunkedBody decoder = new ChunkedBody(1024);
        for (int i = 0; i < wire.length(); i++) {
            assertFalse(decoder.done(), "not done before byte " + i);
            boolean ended = decoder.feed(bytes(wire.substring(i, i + 1)));
            assertEquals(i == wire.length() - 1, ended, "ended at byte " + i);
        }
        assertArrayEquals("abc0123456789abcdef".getBytes(StandardCharsets.US_ASCII), decoder.body());
    }

    @Test
    void anEmptyBodyIsJustTheLastChunk() {
        assertEquals("", decodeWhole("0\r\n\r\n", 10));
        assertEquals("", decodeWhole("000\r\n\r\n", 0));
    }

    @Test
    void malformedFramingIsA400NamingWhatWasWrong() {
        String[][] cases = {
                {"zz\r\n", "chunk size must be hexadecimal digits, got 'z'"},
                {"\r\n", "chunk size must be hexadecimal digits, got byte 0x0d"},
                {"5x\r\n", "chunk size must be hexadecimal digits followed by CRLF, got 'x'"},
                {"5\nhello\r\n", "followed by CRLF, got byte 0x0a"},
                {"5\r\rhello", "chunk size line must end with CRLF"},
                {"5\r\nhelloXX\r\n", "chunk data must be followed by CRLF, got 'X'"},
                {"5\r\nhello\rX", "chunk data must end with CRLF"},
                {"5;a\u0001\r\n", "chunk extension holds the control byte byte 0x01"},
                {"0\r\nno-colon\r\n", "trailer field must be 'name: value'"},
                {"0\r\n: value\r\n", "trailer field must be 'name: value'"},
                {"0\r\nbad name: v\r\n", "trailer field name must not contain whitespace"},
                {"0\r\n\rX", "chunked body must end with CRLF"},
        };
        for (String[] c : cases) {
            HttpError e = refusal(c[0], 1024);
            assertEquals(400, e.status(), c[0]);
            assertEquals("bad_request", e.error());
            assertTrue(e.detail().startsWith("malformed chunked request body: "), e.detail());
            assertTrue(e.detail().contains(c[1]), c[0] + " -> " + e.detail());
        }
    }

    @Test
    void endlessExtensionsAndTrailersAreCut() {
        String longExtension = "1;" + "x".repeat(ChunkedBody.MAX_EXTENSION_BYTES + 10) + "\r\n";
        assertTrue(refusal(longExtension, 1024).detail().contains("chunk extension is longer than"));
        String longTrailer = "0\r\n" + "X-A: b\r\n".repeat(ChunkedBody.MAX_TRAILER_BYTES / 8 + 2);
        assertTrue(refusal(longTrailer, 1024).detail().contains("trailer section is longer than"));
    }

    @Test
    void aBodyOverTheLimitIsA413BeforeItsDataIsRead() {
        HttpError declared = refusal("11\r\n", 16);
        assertEquals(413, declared.status());
        assertEquals("payload_too_large", declared.error());
        assertEquals(413, refusal("8\r\n12345678\r\n9\r\n", 16).status(), "the sum of the chunks counts");
        assertEquals(413, refusal("ffffffffffffffffffffffff\r\n", Integer.MAX_VALUE).status(), "no overflow");
        assertEquals("1234567812345678", decodeWhole("8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n", 16), "exactly the limit");
    }
}

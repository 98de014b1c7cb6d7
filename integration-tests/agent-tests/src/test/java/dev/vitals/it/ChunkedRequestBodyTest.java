package dev.vitals.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import example.SleeperApp;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Chunked request bodies on the agent's listener, from a raw socket, in a child JVM with the real agent: malformed
 * framing gets the JSON 400 naming what was wrong and the connection closes; a body over the limit gets 413; a
 * well-formed body sent in pieces (extensions, trailers) is served and the connection stays usable for the next
 * request; the probes answer throughout.
 */
class ChunkedRequestBodyTest {
    private static final String HEAD = "POST /metrics/custom HTTP/1.1\r\nHost: localhost\r\n"
            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    private static AgentProcess agent;

    @BeforeAll
    static void start() {
        agent = AgentProcess.main(SleeperApp.class).name("chunked").start();
        agent.agentPort();
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void malformedChunksGetAJson400NamingTheFaultAndTheConnectionCloses() throws Exception {
        String[][] cases = {
                {"zz\r\n", "chunk size must be hexadecimal digits, got 'z'"},
                {"5\r\nhelloXX\r\n", "chunk data must be followed by CRLF, got 'X'"},
                {"5\nhello\r\n", "chunk size must be hexadecimal digits followed by CRLF"},
                {"0\r\nno-colon\r\n\r\n", "trailer field must be 'name: value'"},
        };
        for (String[] c : cases) {
            Answer answer = exchange(HEAD + c[0]);
            assertEquals(1, answer.responses.size(), c[0] + " -> " + answer.raw);
            Answer.Response r = answer.responses.get(0);
            assertEquals(400, r.status(), answer.raw);
            assertTrue(r.contentType().startsWith("application/json"), answer.raw);
            JsonNode json = new ObjectMapper().readTree(r.body());
            assertEquals("bad_request", json.path("error").asText(), answer.raw);
            assertTrue(json.path("detail").asText().contains(c[1]), c[0] + " -> " + answer.raw);
            assertTrue(answer.closedByServer, "the connection is closed after the answer: " + answer.raw);
        }
        assertEquals(200, agent.get("/health/ping").status());
    }

    @Test
    void aChunkedBodyOverTheLimitIsA413() throws Exception {
        Answer answer = exchange(HEAD + "100000\r\n");
        Answer.Response r = answer.responses.get(0);
        assertEquals(413, r.status(), answer.raw);
        assertTrue(r.contentType().startsWith("application/json"), answer.raw);
        assertEquals("payload_too_large", new ObjectMapper().readTree(r.body()).path("error").asText(), answer.raw);
    }

    @Test
    void aWellFormedBodyInPiecesIsServedAndThePipelinedNextRequestToo() throws Exception {
        String json = "{\"metricType\":\"chunked_upload\",\"value\":3}";
        String wire = HEAD + "10;part=1\r\n" + json.substring(0, 16) + "\r\n"
                + Integer.toHexString(json.length() - 16) + "\r\n" + json.substring(16) + "\r\n"
                + "0\r\nX-Checksum: none\r\n\r\n"
                + "GET /health/ping HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        // A byte at a time, so the body arrives in many reads.
        Answer answer = exchange(wire, 1);
        assertEquals(2, answer.responses.size(), answer.raw);
        assertEquals(201, answer.responses.get(0).status(), answer.raw);
        assertEquals(1, new ObjectMapper().readTree(answer.responses.get(0).body()).path("recorded").asInt(), answer.raw);
        assertEquals(200, answer.responses.get(1).status(), "the pipelined request on the same connection: " + answer.raw);
    }

    private static Answer exchange(String wire) throws Exception {
        return exchange(wire, wire.length());
    }

    /** Writes {@code wire} in pieces of {@code piece} bytes, then reads until the server closes (or 20 s pass). */
    private static Answer exchange(String wire, int piece) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", agent.agentPort())) {
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
            return new Answer(received.toString(StandardCharsets.ISO_8859_1), closed);
        }
    }

    /** The HTTP/1.1 responses read from one connection (each with Content-Length, as the listener sends them). */
    private static final class Answer {
        final String raw;
        final boolean closedByServer;
        final List<Response> responses = new ArrayList<>();

        Answer(String raw, boolean closedByServer) {
            this.raw = raw;
            this.closedByServer = closedByServer;
            int at = 0;
            while (at < raw.length()) {
                int headEnd = raw.indexOf("\r\n\r\n", at);
                if (headEnd < 0) {
                    break;
                }
                String head = raw.substring(at, headEnd);
                int status = Integer.parseInt(head.substring(9, 12));
                int length = Integer.parseInt(header(head, "content-length"));
                int bodyStart = headEnd + 4;
                responses.add(new Response(status, header(head, "content-type"),
                        raw.substring(bodyStart, Math.min(raw.length(), bodyStart + length))));
                at = bodyStart + length;
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

        record Response(int status, String contentType, String body) {
        }
    }
}

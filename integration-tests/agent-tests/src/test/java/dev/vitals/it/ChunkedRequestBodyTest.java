package dev.vitals.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import example.SleeperApp;
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
            RawHttp answer = exchange(HEAD + c[0]);
            assertEquals(1, answer.responses.size(), c[0] + " -> " + answer.raw);
            RawHttp.Response r = answer.responses.get(0);
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
        RawHttp answer = exchange(HEAD + "100000\r\n");
        RawHttp.Response r = answer.responses.get(0);
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
        RawHttp answer = exchange(wire, 1);
        assertEquals(2, answer.responses.size(), answer.raw);
        assertEquals(201, answer.responses.get(0).status(), answer.raw);
        assertEquals(1, new ObjectMapper().readTree(answer.responses.get(0).body()).path("recorded").asInt(), answer.raw);
        assertEquals(200, answer.responses.get(1).status(), "the pipelined request on the same connection: " + answer.raw);
    }

    private static RawHttp exchange(String wire) throws Exception {
        return RawHttp.exchange(agent.agentPort(), wire, wire.length());
    }

    private static RawHttp exchange(String wire, int piece) throws Exception {
        return RawHttp.exchange(agent.agentPort(), wire, piece);
    }
}

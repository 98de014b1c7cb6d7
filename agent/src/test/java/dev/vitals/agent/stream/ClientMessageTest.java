package dev.vitals.agent.stream;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientMessageTest {
    @Test
    void subscribeMessage() throws Exception {
        ClientMessage m = ClientMessage.parse("{\"type\":\"subscribe\",\"metrics\":[\"circuit-breaker\"],\"interval\":500}");
        assertEquals(ClientMessage.Type.SUBSCRIBE, m.type);
        assertEquals(List.of("circuit-breaker"), m.metrics);
        assertEquals(500L, m.interval);
    }

    @Test
    void unsubscribeWithCommaSeparatedMetricsAndUnknownFieldsIgnored() throws Exception {
        ClientMessage m = ClientMessage.parse("{\"extra\":{\"a\":[1,2]},\"type\":\"unsubscribe\",\"metrics\":\"cache, system\"}");
        assertEquals(ClientMessage.Type.UNSUBSCRIBE, m.type);
        assertEquals(List.of("cache", "system"), m.metrics);
        assertNull(m.interval);
    }

    @Test
    void ping() throws Exception {
        assertEquals(ClientMessage.Type.PING, ClientMessage.parse("{\"type\":\"ping\"}").type);
    }

    @Test
    void badMessagesSayWhatIsWrong() {
        assertBad("not json", "not valid JSON");
        assertBad("[1,2]", "JSON object");
        assertBad("{\"metrics\":[\"cache\"]}", "missing \"type\"");
        assertBad("{\"type\":\"explode\"}", "unknown type 'explode'");
        assertBad("{\"type\":\"subscribe\",\"metrics\":[1]}", "array of group names");
        assertBad("{\"type\":\"subscribe\",\"metrics\":{}}", "array of group names");
        assertBad("{\"type\":\"subscribe\",\"interval\":\"fast\"}", "whole number");
        assertBad("{\"type\":\"subscribe\",\"interval\":-5}", "positive");
        assertBad("{\"type\":\"subscribe\",\"interval\":1e99}", "whole number");
        assertBad("{\"type\":\"subscribe\",\"interval\":99999999999999999999999}", "too large");
        assertBad("{\"type\":\"unsubscribe\"}", "unsubscribe needs");
        assertBad("{\"type\":\"subscribe\"}", "subscribe needs");
        assertBad("{\"type\":\"ping\"} {\"type\":\"ping\"}", "exactly one");
        assertBad("{\"type\":\"ping\"", "not valid JSON");
    }

    private static void assertBad(String text, String expected) {
        ClientMessage.BadMessage e = assertThrows(ClientMessage.BadMessage.class, () -> ClientMessage.parse(text), text);
        assertTrue(e.getMessage().contains(expected), text + " -> " + e.getMessage());
    }
}

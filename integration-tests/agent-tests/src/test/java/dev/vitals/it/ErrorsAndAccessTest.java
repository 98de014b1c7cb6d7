package dev.vitals.it;

import com.fasterxml.jackson.databind.JsonNode;
import example.SleeperApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Errors are JSON with the right status; a protected endpoint refuses a missing or wrong token without echoing it.
 * Which endpoint is public in which scope, from loopback and from the network: {@link AccessScopeTest}.
 */
class ErrorsAndAccessTest {
    private static final String TOKEN = "right-token-4711";
    private static AgentProcess agent;

    @BeforeAll
    static void startAgent() {
        agent = AgentProcess.main(SleeperApp.class).agentArg("auth.token", TOKEN).start();
        agent.agentPort();
    }

    @AfterAll
    static void stopAgent() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void unknownPathIs404Json() {
        assertJsonError(agent.get("/no/such/endpoint"), 404);
    }

    @Test
    void wrongMethodIs405Json() {
        assertJsonError(agent.post("/health/live", "{}", Map.of("Content-Type", "application/json")), 405);
    }

    @Test
    void publicEndpointsNeedNoToken() {
        HttpResult ping = agent.get("/health/ping");
        assertEquals(200, ping.status(), ping.toString());
        assertTrue(ping.contentType().startsWith("application/json"), ping.contentType());
        ping.json();
        HttpResult live = agent.get("/health/live");
        assertEquals(200, live.status(), live.toString());
        assertEquals("healthy", live.json().path("status").asText(), live.toString());
    }

    @Test
    void protectedEndpointRefusesAMissingOrWrongToken() {
        // Loopback does not help once a token is set.
        HttpResult none = agent.get("/health/system");
        assertJsonError(none, 401);
        HttpResult wrong = agent.get("/health/system", Map.of("Authorization", "Bearer wrong-token"));
        assertJsonError(wrong, 401);
        HttpResult basic = agent.get("/health/system", Map.of("Authorization", "Basic " + TOKEN));
        assertJsonError(basic, 401);
        for (HttpResult r : List.of(none, wrong, basic)) {
            assertFalse(r.body().contains(TOKEN), "an error must not echo the token: " + r);
        }
    }

    @Test
    void protectedEndpointAnswersTheRightToken() {
        HttpResult r = agent.get("/health/system", Map.of("Authorization", "Bearer " + TOKEN));
        assertEquals(200, r.status(), r.toString());
        JsonNode system = r.json();
        for (String field : List.of("process", "memory", "cpu", "gc", "threads", "jvm")) {
            assertTrue(system.has(field), "/health/system has no " + field + ": " + r);
        }
    }

    private static void assertJsonError(HttpResult r, int status) {
        assertEquals(status, r.status(), r.toString());
        assertTrue(r.contentType().startsWith("application/json"), "errors are JSON: " + r);
        JsonNode json = r.json();
        assertFalse(json.path("error").asText().isBlank(), "no \"error\": " + r);
        assertTrue(json.has("detail"), "no \"detail\": " + r);
    }
}

package dev.vitals.it;

import com.fasterxml.jackson.databind.JsonNode;
import example.SleeperApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Errors are JSON with the right status; protected endpoints need the token once one is set. */
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

    @Test
    void withoutATokenLoopbackClientsMayReadProtectedEndpoints() {
        try (AgentProcess open = AgentProcess.main(SleeperApp.class).start()) {
            HttpResult r = open.get("/health/system");
            assertEquals(200, r.status(), r.toString());
            assertTrue(r.json().has("memory"), r.toString());
        }
    }

    @Test
    void withoutATokenNonLoopbackClientsAreRefusedProtectedEndpoints() throws Exception {
        InetAddress address = nonLoopbackAddress();
        try (AgentProcess open = AgentProcess.main(SleeperApp.class).start()) {
            URI base = URI.create("http://" + address.getHostAddress() + ":" + open.agentPort() + "/");
            HttpResult refused = Http.get(base.resolve("health/system"));
            assertJsonError(refused, 403);
            HttpResult ping = Http.get(base.resolve("health/ping"));
            assertEquals(200, ping.status(), "public endpoints answer every client: " + ping);
            assertEquals(200, open.get("/health/system").status(), "loopback still may");
        }
    }

    /** A local, non-loopback IPv4 address of this machine, so the agent sees a non-loopback client. */
    private static InetAddress nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return a;
                }
            }
        }
        Services.missing("this machine has no non-loopback IPv4 address to test access from");
        throw new AssertionError("unreachable");
    }

    private static void assertJsonError(HttpResult r, int status) {
        assertEquals(status, r.status(), r.toString());
        assertTrue(r.contentType().startsWith("application/json"), "errors are JSON: " + r);
        JsonNode json = r.json();
        assertFalse(json.path("error").asText().isBlank(), "no \"error\": " + r);
        assertTrue(json.has("detail"), "no \"detail\": " + r);
    }
}

package dev.vitals.it.ui;

import dev.vitals.it.AgentProcess;
import dev.vitals.it.Await;
import dev.vitals.it.HttpResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With {@code auth.token} set, the stream wants the token (header or query); and the connection cap holds. */
class StreamAccessTest {
    private static AgentProcess app;

    @BeforeAll
    static void start() {
        app = AgentProcess.main(IdleApp.class).name("stream-access")
                .agentArg("auth.token", "t0ken-for-tests")
                .agentArg("stream.max.connections", "2")
                .start();
        app.agentPort();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void tokenAsHeaderOrQueryParameter() {
        assertEquals(401, WsClient.refusedStatus(StreamTest.ws(app, "?metrics=system"), Map.of()));
        assertEquals(401, WsClient.refusedStatus(StreamTest.ws(app, "?metrics=system&access_token=wrong"), Map.of()));
        assertEquals(401, WsClient.refusedStatus(StreamTest.ws(app, "?metrics=system"),
                Map.of("Authorization", "Bearer wrong")));
        try (WsClient c = WsClient.connect(StreamTest.ws(app, "?metrics=system&access_token=t0ken-for-tests"), Map.of())) {
            assertEquals("snapshot", c.next().path("type").asText());
        }
        try (WsClient c = WsClient.connect(StreamTest.ws(app, "?metrics=system&token=t0ken-for-tests"), Map.of())) {
            assertEquals("snapshot", c.next().path("type").asText());
        }
        try (WsClient c = WsClient.connect(StreamTest.ws(app, "?metrics=health"),
                Map.of("Authorization", "Bearer t0ken-for-tests"))) {
            assertEquals("snapshot", c.next().path("type").asText());
        }
        // The page itself holds no data and is public; what it shows comes through the stream.
        HttpResult page = app.get("/");
        assertEquals(200, page.status());
        assertTrue(page.body().contains("/ui/dashboard.js"), page.body());
    }

    @Test
    void connectionCap() throws Exception {
        Map<String, String> auth = Map.of("Authorization", "Bearer t0ken-for-tests");
        WsClient first = WsClient.connect(StreamTest.ws(app, "?metrics=system"), auth);
        try (WsClient second = WsClient.connect(StreamTest.ws(app, "?metrics=system"), auth)) {
            first.next("snapshot");
            second.next("snapshot");
            assertEquals(429, WsClient.refusedStatus(StreamTest.ws(app, "?metrics=system"), auth));
            first.close();
            // A closed connection frees its place (the close is seen asynchronously, so poll).
            String type = Await.until("a third connection to be accepted", Await.TIMEOUT, () -> {
                try (WsClient third = WsClient.connect(StreamTest.ws(app, "?metrics=system"), auth)) {
                    return third.next().path("type").asText();
                }
            }, t -> true);
            assertEquals("snapshot", type);
        }
    }
}

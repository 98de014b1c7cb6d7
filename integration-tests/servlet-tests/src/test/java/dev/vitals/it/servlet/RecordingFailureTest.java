package dev.vitals.it.servlet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With the test-only {@code testing.fail.recording=true}, every call from the servlet advice into the
 * recorder throws. Requests must behave exactly as without the agent, and nothing is recorded.
 */
class RecordingFailureTest {
    @Test
    void requestsSucceedWhenRecordingThrows() throws Exception {
        try (ChildApp child = ChildApp.start(App.TOMCAT_10, "testing.fail.recording=true")) {
            for (int i = 0; i < 5; i++) {
                assertEquals(200, child.app("/api/products/" + i + 1).statusCode());
                assertEquals("{\"id\":\"" + i + "1\"}", child.app("/api/products/" + i + 1).body());
            }
            assertEquals(404, child.app("/api/products/0").statusCode());
            assertEquals(500, child.app("/boom").statusCode());
            assertEquals(200, child.app("/forward").statusCode());
            assertEquals(202, child.app("/async?ms=20").statusCode());
            assertEquals(200, child.app("/async-dispatch").statusCode());
            assertEquals("15", child.app("/served").body(), "the application served every request");
            Thread.sleep(5_500);
            assertEquals(0, child.agentJson("/health/dashboard").path("requests").path("count").asInt());
            assertEquals(200, child.agent("/health/ping").statusCode(), "the agent itself keeps running");
        }
    }
}

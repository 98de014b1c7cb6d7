package dev.vitals.it.reactive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What both reactive suites share: the application in a child JVM with the real agent, the local backend its
 * clients call, and what the agent recorded once every scripted request is in. A subclass starts {@link #app} and
 * {@link #backend}, sends its requests, then calls {@link #collect}; its tests read {@link #metrics} and {@link #slow}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReactiveSuite {
    Backend backend;
    AgentProcess app;
    int port;
    Scrape metrics;
    /** The slow requests of the last 5 minutes, by "METHOD route". */
    final Map<String, JsonNode> slow = new HashMap<>();

    /** Waits until {@code /metrics} counts all {@code total} requests sent, then reads the slow ones. */
    void collect(int total) {
        metrics = Await.until("all " + total + " requests in /metrics", Duration.ofSeconds(30), () -> new Scrape(app),
                s -> s.allRequests() >= total, app::describe);
        for (JsonNode r : app.get("/health/slow?window=300000").json().path("requests")) {
            slow.put(r.path("method").asText() + " " + r.path("route").asText(), r);
        }
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        if (backend != null) {
            backend.close();
        }
    }
}

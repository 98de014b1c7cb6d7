package dev.vitals.it.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Http;
import dev.vitals.it.HttpResult;
import dev.vitals.it.Services;
import dev.vitals.it.redis.app.LettuceServletApp;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The per-request breakdown in {@code /health/slow} counts Lettuce commands that complete on Lettuce's event
 * loop (async and reactive) for the request that dispatched them, and never a command that completes after its
 * request ended, neither in that request nor in the next one on the same thread (Tomcat with one thread). A
 * Jedis pipeline's sync and a transaction's exec are one call each.
 */
class LettuceBreakdownTest {
    private static final Pattern APP_PORT = Pattern.compile("APP_PORT=(\\d+)");

    @Test
    void asyncAndReactiveCommandsJoinTheRequestThatDispatchedThem() {
        Services.requireRedis();
        AgentProcess.Builder b = RedisChild.builder(LettuceServletApp.class, "lettuce,jedis5,tomcat").agentArg("slow.threshold", "0ms");
        try (AgentProcess child = RedisChild.start(LettuceServletApp.class, "lettuce,jedis5,tomcat", b, "6379")) {
            URI app = URI.create("http://127.0.0.1:" + child.awaitOutput(APP_PORT, Duration.ofSeconds(5)).group(1) + "/lettuce/");
            for (int i = 0; i < 5; i++) {
                HttpResult r = Http.get(app.resolve("get/" + i));
                assertEquals(200, r.status(), r.toString());
            }
            assertEquals(200, Http.get(app.resolve("batch/1")).status());
            assertEquals(200, Http.get(app.resolve("late/1")).status());
            assertEquals(200, Http.get(app.resolve("idle?ms=600")).status()); // the BLPOP times out meanwhile

            JsonNode slow = child.get("/health/slow?limit=50").json();
            List<JsonNode> gets = requests(slow, "/lettuce/get/{id}");
            assertEquals(5, gets.size(), slow.toString());
            for (JsonNode get : gets) {
                JsonNode redis = get.path("breakdown").path("redis");
                assertEquals(3, redis.path("count").asLong(), "sync + async + reactive GET: " + get);
                assertTrue(redis.path("timeMs").asDouble() > 0, get.toString());
                assertTrue(redis.path("timeMs").asDouble() <= get.path("duration").asDouble() + 0.01, get.toString());
            }
            assertEquals(2, request(slow, "/lettuce/batch/{id}").path("breakdown").path("redis").path("count").asLong(),
                    "a Jedis pipeline sync and a transaction exec are one call each: " + slow);
            assertEquals(0, request(slow, "/lettuce/late/{id}").path("breakdown").path("redis").path("count").asLong(),
                    "the BLPOP completes after its request: " + slow);
            assertEquals(0, request(slow, "/lettuce/idle").path("breakdown").path("redis").path("count").asLong(),
                    "nor in the next request on the thread: " + slow);
            // The late command is still recorded as a command.
            RedisChild.awaitCache(child, "", c -> {
                JsonNode k = RedisChild.keyspace(c, "lettuce", "breakdown:late");
                return k != null && k.path("operationsByCommand").path("BLPOP").asLong() == 1;
            }, "the late BLPOP in /health/cache");
            JedisTestBase.assertNoKeyValues(child);
        }
    }

    /** The one slow request of {@code route} (slow requests show the route, never the raw path). */
    private static JsonNode request(JsonNode slow, String route) {
        List<JsonNode> found = requests(slow, route);
        if (found.size() != 1) {
            fail(found.size() + " requests of " + route + " in /health/slow: " + slow);
        }
        return found.get(0);
    }

    private static List<JsonNode> requests(JsonNode slow, String route) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode r : slow.isArray() ? slow : slow.path("requests")) {
            if (r.path("route").asText().equals(route)) {
                found.add(r);
            }
        }
        return found;
    }
}

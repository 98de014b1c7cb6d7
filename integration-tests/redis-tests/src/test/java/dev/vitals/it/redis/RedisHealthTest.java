package dev.vitals.it.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Await;
import dev.vitals.it.HttpResult;
import dev.vitals.it.Services;
import dev.vitals.it.redis.app.JedisApp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The {@code redis} check against a redis-server of this test's own on a free port: healthy with an INFO
 * summary, unhealthy once the server is stopped (while {@code /health} keeps answering), healthy again once it
 * is started again on the same port. The shared Redis on 6379 is never touched.
 */
class RedisHealthTest {
    @Test
    void stoppedServerTurnsTheCheckUnhealthyAndBackToHealthy() throws Exception {
        Path redisServer = Services.requireExecutable("redis-server");
        int port = AgentProcess.freePort();
        Process server = startServer(redisServer, port);
        try {
            AgentProcess.Builder b = RedisChild.builder(JedisApp.class, "jedis5")
                    .agentArg("redis.health.interval", "300ms")
                    .agentArg("redis.health.timeout", "1s")
                    .agentArg("health.breaker.failures", "1000");
            try (AgentProcess child = RedisChild.start(JedisApp.class, "jedis5", b, "health", Integer.toString(port))) {
                JsonNode healthy = awaitRedisCheck(child, "healthy");
                assertTrue(healthy.path("details").toString().contains("127.0.0.1:" + port)
                        || healthy.toString().contains("127.0.0.1:" + port), healthy.toString());
                JsonNode cache = RedisChild.awaitCache(child, "", c -> c.path("servers").size() == 1
                        && c.path("servers").get(0).has("version"), "INFO summary in /health/cache");
                JsonNode s = cache.path("servers").get(0);
                assertEquals("127.0.0.1:" + port, s.path("address").asText(), s.toString());
                assertEquals("healthy", s.path("status").asText(), s.toString());
                assertTrue(s.path("usedMemoryBytes").asLong() > 0, s.toString());
                assertTrue(s.path("connectedClients").asLong() >= 1, s.toString());
                assertTrue(s.has("opsPerSec") && s.has("keyspaceHits") && s.has("keyspaceMisses"), s.toString());

                stop(server);
                awaitRedisCheck(child, "unhealthy");
                // Redis is not critical by default: the service is degraded, still 200, still live.
                HttpResult health = child.get("/health");
                assertEquals(200, health.status(), health.toString());
                assertEquals("degraded", health.json().path("status").asText(), health.toString());
                assertEquals(200, child.get("/health/live").status(), "liveness never depends on Redis");

                server = startServer(redisServer, port);
                awaitRedisCheck(child, "healthy");
            }
        } finally {
            stop(server);
        }
    }

    /** Polls {@code /health} until its {@code redis} check has {@code status}; returns the check. */
    private static JsonNode awaitRedisCheck(AgentProcess child, String status) {
        return Await.until("the redis check to become " + status, Await.TIMEOUT,
                () -> child.get("/health").json().path("checks").path("redis"),
                redis -> status.equals(redis.path("status").asText()));
    }

    private static Process startServer(Path redisServer, int port) throws IOException {
        Process p = new ProcessBuilder(redisServer.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Services.reachable(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                fail("redis-server did not start on port " + port);
            }
            RedisChild.sleep(50);
        }
        return p;
    }

    private static void stop(Process p) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}

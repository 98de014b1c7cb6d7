package dev.vitals.it.redis;

import dev.vitals.it.AgentProcess;
import dev.vitals.it.Await;
import dev.vitals.it.RawValueScan;
import dev.vitals.it.Services;
import dev.vitals.it.redis.app.JedisApp;
import dev.vitals.it.redis.app.Scenario;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jedis 5 against the shared Redis, under the real agent, with 500 user names in keys of six shapes
 * ({@code user:profile:NAME:prefs}, {@code user:NAME:cart}, {@code session:NAME}, ...; {@link Scenario#keysOf}):
 * the keyspaces are {@code user:*}, {@code session} and the like, and no name appears in {@code /metrics},
 * {@code /health/cache}, {@code /health/dashboard}, the stream's snapshot or any file under {@code data.dir}
 * (history written every 5 s).
 */
class RawKeyValuesTest {
    @Test
    void noUserNameReachesAKeyspaceOrAnyOutput() {
        Services.requireRedis();
        Path dataDir = AgentProcess.tempDir("vitals-raw-keys");
        AgentProcess.Builder b = RedisChild.builder(JedisApp.class, "jedis5").agentArg("history.interval", "5s")
                .agentArg("data.dir", dataDir.toString());
        try (AgentProcess child = RedisChild.start(JedisApp.class, "jedis5", b, "names", "6379")) {
            RedisChild.awaitCache(child, "", c -> RedisChild.keyspace(c, "jedis", "user:*") != null
                    && RedisChild.keyspace(c, "jedis", "session") != null, "the keyspaces of the names' keys");
            assertNotNull(RedisChild.keyspace(RedisChild.cache(child, ""), "jedis", "feed:timeline"),
                    "a keyspace followed by an id-like segment keeps its last word");
            Await.until("history on disk with the keyspaces", Duration.ofSeconds(60),
                    () -> RawValueScan.read(child.agentPort(), dataDir).files(), files -> files.contains("user:*"));
            RawValueScan scan = RawValueScan.read(child.agentPort(), dataDir, "/metrics", "/health/cache",
                    "/health/dashboard", "/health/slow?limit=100");
            assertTrue(scan.text("/metrics").contains("keyspace=\"user:*\""), scan.text("/metrics"));
            scan.assertNoneOf(Scenario.userNames());
        }
    }
}

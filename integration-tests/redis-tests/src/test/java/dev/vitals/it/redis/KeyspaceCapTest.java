package dev.vitals.it.redis;

import dev.vitals.it.Promtool;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Services;
import dev.vitals.it.redis.app.JedisApp;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code limits.keyspaces=5} with 12 keyspaces in use: five keep their names, the rest share {@code _other}, in
 * {@code /health/cache} and in Prometheus. A named keyspace ({@code cache.keyspaces}) is matched by prefix.
 */
class KeyspaceCapTest {
    @Test
    void keyspacesBeyondTheCapGoToOther() throws Exception {
        Services.requireRedis();
        AgentProcess.Builder b = RedisChild.builder(JedisApp.class, "jedis5").agentArg("limits.keyspaces", "5")
                .agentArg("cache.keyspaces", "CAP_A=capa:");
        try (AgentProcess child = RedisChild.start(JedisApp.class, "jedis5", b, "cap", "6379")) {
            JsonNode cache = RedisChild.awaitCache(child, "", c -> {
                JsonNode other = RedisChild.keyspace(c, "jedis", "_other");
                return other != null && other.path("hits").asLong() == 6;
            }, "six keyspaces' hits in _other");
            assertEquals(5, cache.path("summary").path("keyspaces").asLong(), cache.toString());
            JsonNode named = RedisChild.keyspace(cache, "jedis", "CAP_A");
            assertNotNull(named, "named keyspace CAP_A: " + cache);
            assertEquals(1, named.path("hits").asLong(), named.toString());
            Set<String> names = new HashSet<>();
            for (JsonNode k : cache.path("clients").get(0).path("keyspaces")) {
                names.add(k.path("keyspace").asText());
            }
            // CAP_A, capb..capf (five), _other; 12 keyspaces were used.
            assertEquals(7, names.size(), names.toString());
            String metrics = RedisChild.awaitMetricLine(child, "vitals_cache_requests_total{keyspace=\"_other\",result=\"hit\"} 6");
            long series = metrics.lines().filter(l -> l.startsWith("vitals_cache_requests_total{")).count();
            // hit and miss for: 5 capped + 1 named + _none + _other
            assertTrue(series <= 2 * 8, "vitals_cache_requests_total series: " + series);
            Promtool.assertPasses(metrics, "db_client_operation_duration_seconds", "vitals_cache_requests");
        }
    }
}

package dev.vitals.it.redis;

import dev.vitals.it.Promtool;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Services;
import dev.vitals.it.redis.app.LettuceApp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lettuce 6.5 against the real Redis: the {@link dev.vitals.it.redis.app.Scenario} through the sync, async and
 * reactive APIs on one connection, then 20,000 async GETs of distinct keys in database 2.
 */
class LettuceTest {
    @Test
    void syncAsyncAndReactiveCountHitsMissesAndErrors() throws Exception {
        Services.requireRedis();
        // Reactive MGET and HMGET stream their elements to the subscriber; those are counted per element.
        try (AgentProcess child = RedisChild.start(LettuceApp.class, "lettuce", RedisChild.builder(LettuceApp.class, "lettuce"),
                "scenario", "6379")) {
            JsonNode cache = RedisChild.awaitCache(child, "", c -> {
                JsonNode k = RedisChild.keyspace(c, "lettuce", "lettucereactive:user:profile");
                return k != null && k.path("operationsByCommand").path("GET").asLong() == 3;
            }, "GET operations of lettucereactive:user:profile");
            for (String p : new String[] {"lettucesync", "lettuceasync", "lettucereactive"}) {
                assertCounts(cache, p + ":user:profile", 3, 1, 0);
                assertCounts(cache, p + ":cart:items", 1, 1, 1);
                assertCounts(cache, p + ":user:settings", 1, 2, 0);
                JsonNode cart = RedisChild.keyspace(cache, "lettuce", p + ":cart:items");
                assertEquals(1, cart.path("errorsByCommand").path("LPUSH").asLong(), cart.toString());
                JsonNode profile = RedisChild.keyspace(cache, "lettuce", p + ":user:profile");
                assertEquals(1, profile.path("operationsByCommand").path("MGET").asLong(), profile.toString());
                assertTrue(profile.path("latency").path("count").asLong() >= 4, profile.toString());
            }

            // Lettuce's connections are found for the Redis check too (CommandHandler.channelActive).
            RedisChild.awaitCache(child, "", c -> c.path("servers").toString().contains("127.0.0.1:6379"),
                    "the server of Lettuce's connection in /health/cache");

            // 20,000 distinct keys: one keyspace, every GET a miss, in database 2.
            JsonNode bulk = RedisChild.awaitCache(child, "?keyspace=bulk:item", c -> {
                JsonNode k = RedisChild.keyspace(c, "lettuce", "bulk:item");
                return k != null && k.path("operationsByCommand").path("GET").asLong() == 20_000;
            }, "20,000 GETs in bulk:item");
            assertCounts(bulk, "bulk:item", 0, 20_000, 0);
            String metrics = RedisChild.awaitMetricLine(child, "db_client_operation_duration_seconds_count{db_system_name=\"redis\","
                    + "db_operation_name=\"GET\",db_collection_name=\"bulk:item\",db_namespace=\"2\",error_type=\"none\"} 20000");
            assertTrue(metrics.contains("vitals_cache_requests_total{keyspace=\"bulk:item\",result=\"miss\"} 20000"), metrics);
            RedisChild.awaitMetricLine(child, "db_client_operation_duration_seconds_count{db_system_name=\"redis\","
                    + "db_operation_name=\"LPUSH\",db_collection_name=\"lettucesync:cart:items\",db_namespace=\"0\","
                    + "error_type=\"WRONGTYPE\"} 1");
            Promtool.assertPasses(metrics, "db_client_operation_duration_seconds", "vitals_cache_requests");
            JedisTestBase.assertNoKeyValues(child);
        }
    }

    static void assertCounts(JsonNode cache, String keyspace, long hits, long misses, long errors) {
        JsonNode k = RedisChild.keyspace(cache, "lettuce", keyspace);
        assertNotNull(k, "keyspace " + keyspace + " in " + cache);
        assertEquals(hits, k.path("hits").asLong(), keyspace + " hits: " + k);
        assertEquals(misses, k.path("misses").asLong(), keyspace + " misses: " + k);
        assertEquals(errors, k.path("errors").asLong(), keyspace + " errors: " + k);
    }
}

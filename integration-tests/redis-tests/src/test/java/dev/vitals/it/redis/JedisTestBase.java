package dev.vitals.it.redis;

import dev.vitals.it.Promtool;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Services;
import dev.vitals.it.redis.app.JedisApp;
import dev.vitals.it.redis.app.Scenario;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One Jedis version against the real Redis on 127.0.0.1:6379 through {@code JedisPool} and {@code JedisPooled}:
 * the {@link Scenario}'s exact hits and misses per keyspace, the WRONGTYPE reply and the connection to a closed
 * port counted as errors, the shared {@code db_client_operation_duration_seconds} family, promtool, and no key
 * value anywhere.
 */
abstract class JedisTestBase {
    /** {@code jedis5} or {@code jedis4}: the directory under target/clients. */
    abstract String client();

    /** The scenario's key prefix (letters only, so that it is a keyspace segment). */
    abstract String prefix();

    @Test
    void scenarioCountsHitsMissesAndErrorsPerKeyspace() throws Exception {
        Services.requireRedis();
        int closedPort = AgentProcess.closedPort();
        String p = prefix();
        try (AgentProcess child = RedisChild.start(JedisApp.class, client(), RedisChild.builder(JedisApp.class, client()),
                "scenario", "6379", p, Integer.toString(closedPort))) {
            JsonNode cache = RedisChild.awaitCache(child, "", c -> {
                JsonNode k = RedisChild.keyspace(c, "jedis", p + ":user:profile");
                return k != null && k.path("operationsByCommand").path("GET").asLong() == 3;
            }, "GET operations of " + p + ":user:profile");
            assertCounts(cache, p + ":user:profile", 3, 1, 0);
            assertCounts(cache, p + ":cart:items", 1, 1, 1);
            assertCounts(cache, p + ":user:settings", 1, 2, 0);
            JsonNode cart = RedisChild.keyspace(cache, "jedis", p + ":cart:items");
            assertEquals(1, cart.path("errorsByCommand").path("LPUSH").asLong(), cart.toString());
            JsonNode profile = RedisChild.keyspace(cache, "jedis", p + ":user:profile");
            assertEquals(75.0, profile.path("hitRate").asDouble(), profile.toString());
            JsonNode latency = profile.path("latency");
            assertTrue(latency.path("count").asLong() >= 4, latency.toString());
            assertTrue(latency.path("max").asDouble() >= latency.path("p50").asDouble()
                    && latency.path("p50").asDouble() >= latency.path("min").asDouble(), latency.toString());
            JsonNode closed = RedisChild.keyspace(cache, "jedis", p + ":closed:probe");
            assertNotNull(closed, "the GET to a closed port is recorded: " + cache);
            assertEquals(1, closed.path("errors").asLong(), closed.toString());

            JsonNode filtered = RedisChild.cache(child, "?keyspace=" + p + ":user:settings");
            assertEquals(1, filtered.path("clients").size(), filtered.toString());
            assertEquals(1, filtered.path("clients").get(0).path("keyspaces").size(), filtered.toString());
            assertEquals(400, child.get("/health/cache?keyspace=").status());
            assertEquals(400, child.get("/health/cache?window=abc").status());
            assertEquals(400, child.get("/health/cache?client=memcached").status());
            assertTrue(child.get("/health/cache?window=abc").body().contains("\"error\""));

            String metrics = RedisChild.awaitMetricLine(child,
                    "vitals_cache_requests_total{keyspace=\"" + p + ":user:profile\",result=\"hit\"} 3");
            assertTrue(metrics.contains("vitals_cache_requests_total{keyspace=\"" + p + ":user:settings\",result=\"miss\"} 2"), metrics);
            RedisChild.awaitMetricLine(child, "db_client_operation_duration_seconds_count{db_system_name=\"redis\","
                    + "db_operation_name=\"LPUSH\",db_collection_name=\"" + p + ":cart:items\",db_namespace=\"0\","
                    + "error_type=\"WRONGTYPE\"} 1");
            metrics = RedisChild.awaitMetricLine(child, "db_client_operation_duration_seconds_count{db_system_name=\"redis\","
                    + "db_operation_name=\"GET\",db_collection_name=\"" + p + ":closed:probe\",db_namespace=\"0\","
                    + "error_type=\"redis.clients.jedis.exceptions.JedisConnectionException\"} 1");
            Promtool.assertPasses(metrics, "db_client_operation_duration_seconds", "vitals_cache_requests");

            assertNoKeyValues(child);
        }
    }

    @Test
    void pipelinesAndTransactionsCountEachCommandFromItsReply() {
        Services.requireRedis();
        String p = prefix();
        try (AgentProcess child = RedisChild.start(JedisApp.class, client(), RedisChild.builder(JedisApp.class, client()),
                "batches", "6379", p)) {
            JsonNode cache = RedisChild.awaitCache(child, "", c -> {
                JsonNode k = RedisChild.keyspace(c, "jedis", p + ":tx:item");
                return k != null && k.path("operationsByCommand").path("GET").asLong() >= 2;
            }, "GET operations of " + p + ":tx:item");
            // SET, GET x2, MGET, DEL queued in a pipeline: each once, hits and misses from the sync replies.
            JsonNode pipe = RedisChild.keyspace(cache, "jedis", p + ":pipe:item");
            assertNotNull(pipe, cache.toString());
            assertCounts(cache, p + ":pipe:item", 2, 2, 0);
            JsonNode ops = pipe.path("operationsByCommand");
            assertEquals(1, ops.path("SET").asLong(), pipe.toString());
            assertEquals(2, ops.path("GET").asLong(), pipe.toString());
            assertEquals(1, ops.path("MGET").asLong(), pipe.toString());
            assertEquals(1, ops.path("DEL").asLong(), pipe.toString());
            // MULTI ... EXEC: results from EXEC's reply, the WRONGTYPE inside EXEC an error; QUEUED is no reply.
            JsonNode tx = RedisChild.keyspace(cache, "jedis", p + ":tx:item");
            assertCounts(cache, p + ":tx:item", 1, 1, 1);
            assertEquals(2, tx.path("operationsByCommand").path("GET").asLong(), tx.toString());
            assertEquals(1, tx.path("errorsByCommand").path("HGET").asLong(), tx.toString());
            // A discarded transaction's commands never ran.
            assertEquals(null, RedisChild.keyspace(cache, "jedis", p + ":txdrop:item"), cache.toString());
            String metrics = RedisChild.awaitMetricLine(child, "db_client_operation_duration_seconds_count{db_system_name=\"redis\","
                    + "db_operation_name=\"HGET\",db_collection_name=\"" + p + ":tx:item\",db_namespace=\"0\","
                    + "error_type=\"WRONGTYPE\"} 1");
            assertFalse(metrics.contains("PIPELINE"), "no batch-level operation besides the commands");
            assertTrue(metrics.contains("vitals_cache_requests_total{keyspace=\"" + p + ":pipe:item\",result=\"hit\"} 2"), metrics);
            assertNoKeyValues(child);
        }
    }

    @Test
    void selectedDatabaseIsTheNamespace() {
        Services.requireRedis();
        try (AgentProcess child = RedisChild.start(JedisApp.class, client(), RedisChild.builder(JedisApp.class, client()),
                "select", "6379")) {
            RedisChild.awaitMetricLine(child, "db_client_operation_duration_seconds_count{db_system_name=\"redis\","
                    + "db_operation_name=\"GET\",db_collection_name=\"selected:entry\",db_namespace=\"3\",error_type=\"none\"} 1");
        }
    }

    static void assertCounts(JsonNode cache, String keyspace, long hits, long misses, long errors) {
        JsonNode k = RedisChild.keyspace(cache, "jedis", keyspace);
        assertNotNull(k, "keyspace " + keyspace + " in " + cache);
        assertEquals(hits, k.path("hits").asLong(), keyspace + " hits: " + k);
        assertEquals(misses, k.path("misses").asLong(), keyspace + " misses: " + k);
        assertEquals(errors, k.path("errors").asLong(), keyspace + " errors: " + k);
    }

    /** The scenario's key ids and values all contain {@link Scenario#SECRET}; no endpoint may show it. */
    static void assertNoKeyValues(AgentProcess child) {
        for (String path : new String[] {"/metrics", "/health/cache", "/health", "/health/detailed", "/health/slow",
                "/health/dashboard", "/health/status"}) {
            String body = child.get(path).body();
            assertFalse(body.contains(Scenario.SECRET), path + " shows a key value:\n" + body);
        }
        assertFalse(child.stderr().contains(Scenario.SECRET), "the agent's log shows a key value");
    }
}

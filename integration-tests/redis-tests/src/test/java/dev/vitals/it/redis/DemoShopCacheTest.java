package dev.vitals.it.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Http;
import dev.vitals.it.HttpResult;
import dev.vitals.it.Jars;
import dev.vitals.it.Services;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The demo shop's two-tier cache (Lettuce hot tier {@code shop:hot}, Jedis tier {@code shop:cache}) seen by
 * the agent: hits and misses per client and keyspace, and each request's Redis calls in its breakdown in
 * {@code /health/slow} (the per-request breakdown).
 */
class DemoShopCacheTest {
    private static final Pattern SHOP_LISTENING = Pattern.compile("demo-shop listening on http://localhost:(\\d+)/");

    @Test
    void bothClientsCacheAndRequestsCountTheirRedisCalls() {
        Services.requireRedis();
        try (AgentProcess shop = AgentProcess.jar(Jars.demoShop()).agentArg("exporter.host", "127.0.0.1")
                .agentArg("slow.threshold", "0ms").args("--port=0", "--redis=127.0.0.1:6379").start()) {
            URI base = URI.create("http://127.0.0.1:" + shop.awaitOutput(SHOP_LISTENING, Duration.ofSeconds(60)).group(1) + "/");
            String key = "it" + System.nanoTime(); // digits: an id-like segment, so the keyspace stays shop:cache
            HttpResult first = Http.get(base.resolve("api/cache/" + key));
            assertEquals(200, first.status(), first.toString());
            HttpResult second = Http.get(base.resolve("api/cache/" + key));
            assertEquals(200, second.status(), second.toString());

            JsonNode cache = RedisChild.awaitCache(shop, "", c -> {
                JsonNode hot = RedisChild.keyspace(c, "lettuce", "shop:hot");
                JsonNode tier = RedisChild.keyspace(c, "jedis", "shop:cache");
                return hot != null && tier != null && hot.path("hits").asLong() == 1 && hot.path("misses").asLong() == 1
                        && tier.path("misses").asLong() == 1;
            }, "the hot tier's hit and miss and the Jedis tier's miss");
            assertEquals(0, RedisChild.keyspace(cache, "jedis", "shop:cache").path("hits").asLong(), cache.toString());

            // First request: hot GET (sync Lettuce) + Jedis GET + Jedis SETEX, plus the hot tier's fire-and-forget
            // async SETEX if it completes before the request ends (it is not awaited); second: hot GET only.
            // The cache's score: a handful of lookups say nothing about the hit rate, and Redis answers.
            JsonNode health = cache.path("health");
            assertTrue(health.path("score").asInt() >= 80, health.toString());
            assertTrue(health.path("issues").isArray() && health.path("recommendations").isArray(), health.toString());
            JsonNode service = shop.get("/health").json().path("score");
            assertTrue(service.path("score").isInt() && service.has("issues"), service.toString());

            JsonNode slow = shop.get("/health/slow?limit=50").json();
            JsonNode miss = request(slow, 3);
            if (miss == null) {
                miss = request(slow, 4);
            }
            JsonNode hit = request(slow, 1);
            assertNotNull(miss, slow.toString());
            assertNotNull(hit, slow.toString());
            assertTrue(miss.path("breakdown").path("redis").path("timeMs").asDouble() > 0, miss.toString());
        }
    }

    /**
     * The slow request of the cache page (shown by its route, {@code /api/cache/{value}}, never with the key) whose
     * breakdown counts {@code redisCount} Redis calls.
     */
    private static JsonNode request(JsonNode slow, long redisCount) {
        JsonNode list = slow.isArray() ? slow : slow.path("requests");
        if (!list.isArray()) {
            fail("no request list in /health/slow: " + slow);
        }
        for (JsonNode r : list) {
            if (r.path("route").asText().equals("/api/cache/{value}") && r.path("breakdown").path("redis").path("count").asLong() == redisCount) {
                return r;
            }
        }
        return null;
    }
}

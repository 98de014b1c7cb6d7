package dev.vitals.agent.cache;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.Feature;
import dev.vitals.agent.config.Keys;
import dev.vitals.bootstrap.redis.RedisHooks;

/**
 * The cache analytics of one agent: {@link CacheStats}, the {@link RedisServers} check, {@code /health/cache} and
 * the {@link RedisCommandRecorder} that the Jedis and Lettuce advice report to through {@link RedisHooks}.
 */
public final class CacheFeature implements Feature {
    @Override
    public void wire(AgentContext context) {
        CacheStats stats = CacheStats.create(context);
        RedisServers servers = new RedisServers(context.health(), context.config().get(Keys.REDIS_HEALTH_INTERVAL),
                context.config().get(Keys.REDIS_HEALTH_TIMEOUT));
        CacheEndpoint endpoint = new CacheEndpoint(context, stats, servers);
        context.addEndpoints(endpoint);
        context.stream().registerGroup("cache", endpoint.streamGroup());
        context.health().addScore("cache", endpoint::score);
        RedisHooks.install(new RedisCommandRecorder(stats, servers));
    }
}

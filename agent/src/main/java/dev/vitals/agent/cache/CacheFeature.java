package dev.vitals.agent.cache;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.config.Keys;

/**
 * The cache analytics of one agent: {@link CacheStats}, the {@link RedisServers} check and
 * {@code /health/cache}. Created once when the first Redis client module installs.
 */
public final class CacheFeature {
    private final CacheStats stats;
    private final RedisServers servers;

    private CacheFeature(CacheStats stats, RedisServers servers) {
        this.stats = stats;
        this.servers = servers;
    }

    public static CacheFeature install(AgentContext context) {
        CacheStats stats = CacheStats.create(context);
        RedisServers servers = new RedisServers(context.health(), context.config().get(Keys.REDIS_HEALTH_INTERVAL),
                context.config().get(Keys.REDIS_HEALTH_TIMEOUT));
        CacheEndpoint endpoint = new CacheEndpoint(context, stats, servers);
        context.addEndpoints(endpoint);
        context.stream().registerGroup("cache", endpoint.streamGroup());
        return new CacheFeature(stats, servers);
    }

    public CacheStats stats() {
        return stats;
    }

    public RedisServers servers() {
        return servers;
    }
}

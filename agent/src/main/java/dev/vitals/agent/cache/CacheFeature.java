package dev.vitals.agent.cache;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.Feature;
import dev.vitals.agent.config.Keys;
import dev.vitals.bootstrap.cache.LocalCacheHooks;
import dev.vitals.bootstrap.redis.RedisHooks;

import java.util.List;
import java.util.function.Consumer;

/**
 * The cache analytics of one agent, in two tiers: in-process caches (L1: {@link LocalCaches}, recorded by the
 * {@link LocalCacheTracker} that Caffeine, JCache and Spring cache advice report to through
 * {@link LocalCacheHooks}) and Redis (L2: {@link CacheStats}, the {@link RedisServers} check and the
 * {@link RedisCommandRecorder} behind {@link RedisHooks}); {@code /health/cache} shows both.
 */
public final class CacheFeature implements Feature {
    /**
     * Records only through {@code RedisHooks} and {@code LocalCacheHooks}: wired on the first call of either, or once
     * the start is over.
     */
    @Override
    public boolean waitsForStartOrFirstUse() {
        return true;
    }

    @Override
    public List<Consumer<Runnable>> firstUseHooks() {
        return List.of(RedisHooks::wireOnFirstUse, LocalCacheHooks::wireOnFirstUse);
    }

    @Override
    public void wire(AgentContext context) {
        CacheStats stats = CacheStats.create(context);
        LocalCaches local = new LocalCaches(context.registry(), context.config().get(Keys.LIMIT_CACHES));
        LocalCaches.describe(context.registryMetrics());
        context.addMetricsSource(local);
        RedisServers servers = new RedisServers(context.health(), context.config().get(Keys.REDIS_HEALTH_INTERVAL),
                context.config().get(Keys.REDIS_HEALTH_TIMEOUT));
        CacheEndpoint endpoint = new CacheEndpoint(context, stats, local, servers);
        context.addEndpoints(endpoint);
        context.stream().registerGroup("cache", endpoint.streamGroup());
        context.health().addScore("cache", endpoint::score);
        RedisHooks.install(new RedisCommandRecorder(stats, servers));
        LocalCacheHooks.install(new LocalCacheTracker(local));
    }
}

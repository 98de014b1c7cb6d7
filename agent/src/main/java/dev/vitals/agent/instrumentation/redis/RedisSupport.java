package dev.vitals.agent.instrumentation.redis;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.cache.CacheFeature;
import dev.vitals.bootstrap.redis.RedisHooks;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * What the Jedis and Lettuce modules share in one agent: the cache stats, the Redis check, {@code /health/cache}
 * and the recorder installed in {@link RedisHooks}. Created by whichever module installs first.
 */
final class RedisSupport {
    private static final Map<AgentContext, RedisCommandRecorder> BY_CONTEXT = new WeakHashMap<>();

    private RedisSupport() {
    }

    static synchronized void install(AgentContext context) {
        if (BY_CONTEXT.containsKey(context)) {
            return;
        }
        CacheFeature feature = CacheFeature.install(context);
        RedisCommandRecorder recorder = new RedisCommandRecorder(feature.stats(), feature.servers());
        BY_CONTEXT.put(context, recorder);
        RedisHooks.install(recorder);
    }
}

package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.bootstrap.cache.LocalCacheHooks;
import dev.vitals.bootstrap.cache.LocalCacheRecorder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into Caffeine's {@code BoundedLocalCache.evictEntry(Node, RemovalCause, long)}, which returns true when it
 * evicted the entry (size, expiry or a collected reference). It may run on Caffeine's maintenance thread.
 */
public final class CaffeineEvictAdvice {
    private CaffeineEvictAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object cache, @Advice.Return boolean evicted) {
        if (evicted) {
            LocalCacheHooks.recorder().evicted(cache);
        }
    }
}

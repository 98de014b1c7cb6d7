package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.bootstrap.cache.LocalCacheHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the eviction listener of Ehcache 3's off-heap and disk stores
 * ({@code AbstractOffHeapStore.BackingMapEvictionListener.onEviction}), which a store segment calls when it evicted an
 * entry to stay within its size, on the writing thread. Whether the tier is the cache's authority (a real eviction)
 * or a caching tier that moves the entry down to disk is told by the listener it hands the entry to.
 */
public final class EhcacheOffHeapEvictAdvice {
    private EhcacheOffHeapEvictAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object tier, @Advice.FieldValue("invalidationListener") Object listener) {
        LocalCacheHooks.recorder().evictedFromTier(tier, listener);
    }
}

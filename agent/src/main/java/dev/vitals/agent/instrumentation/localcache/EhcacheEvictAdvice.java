package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.bootstrap.cache.LocalCacheHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into Ehcache 3's {@code OnHeapStore.evict(StoreEventSink)}, which returns true when it evicted an entry to
 * keep the heap tier within its size. It runs on the writing thread, inside the cache operation, whose name it takes.
 * Counted only when the heap store is the cache's only tier: a heap tier in front of an off-heap or disk tier
 * has an invalidation listener, and what it evicts moves down to that tier, still in the cache.
 */
public final class EhcacheEvictAdvice {
    private EhcacheEvictAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object store, @Advice.Return boolean evicted,
                     @Advice.FieldValue("invalidationListener") Object listener,
                     @Advice.FieldValue("NULL_INVALIDATION_LISTENER") Object none) {
        if (evicted && listener == none) {
            LocalCacheHooks.recorder().evicted(store);
        }
    }
}

package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.bootstrap.cache.LocalCacheHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into Ehcache 3's {@code OnHeapStore.fireOnExpirationEvent}, which runs when the heap store found a mapping
 * expired and removed it (on the reading or writing thread, inside the cache operation). Counted only when the heap
 * store is the cache's only tier, as for {@link EhcacheEvictAdvice}: in front of an off-heap or disk tier, the
 * authority counts the expiry.
 */
public final class EhcacheExpireAdvice {
    private EhcacheExpireAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object store,
                     @Advice.FieldValue("invalidationListener") Object listener,
                     @Advice.FieldValue("NULL_INVALIDATION_LISTENER") Object none) {
        if (listener == none) {
            LocalCacheHooks.recorder().expired(store);
        }
    }
}

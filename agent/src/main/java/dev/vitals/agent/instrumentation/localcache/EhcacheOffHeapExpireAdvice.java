package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.bootstrap.cache.LocalCacheHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into Ehcache 3's {@code AbstractOffHeapStore.onExpiration}, which the off-heap or disk store runs when it
 * found a mapping expired as the cache's authority (as a caching tier it runs {@code onExpirationInCachingTier},
 * not advised: the authority counts the expiry once).
 */
public final class EhcacheOffHeapExpireAdvice {
    private EhcacheOffHeapExpireAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object store) {
        LocalCacheHooks.recorder().expired(store);
    }
}

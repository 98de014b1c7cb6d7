package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.bootstrap.cache.LocalCacheHooks;
import dev.vitals.bootstrap.cache.LocalCacheRecorder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into Ehcache 3's {@code EhcacheManager.createNewEhcache(String, ...)}, through which every cache of a
 * cache manager is made (configured, created later, or by Ehcache's JCache provider): the cache records under the
 * alias it was created with, which the cache object itself does not hold.
 */
public final class EhcacheNameAdvice {
    private EhcacheNameAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.Argument(0) String alias, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object cache) {
        if (cache != null) {
            LocalCacheHooks.recorder().named(LocalCacheRecorder.EHCACHE, cache, alias);
        }
    }
}

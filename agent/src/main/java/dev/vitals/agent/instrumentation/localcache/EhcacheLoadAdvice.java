package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.bootstrap.cache.LocalCacheHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the function Ehcache 3's {@code LocalLoaderWriterStore.get} hands its store to load a missing value
 * (the cache's {@code CacheLoaderWriter}, or a JCache read-through loader): the read around it is a miss, timed as
 * the load. The function is javac's lambda of {@code get}, matched by name.
 */
public final class EhcacheLoadAdvice {
    private EhcacheLoadAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter() {
        LocalCacheHooks.recorder().missed();
    }
}

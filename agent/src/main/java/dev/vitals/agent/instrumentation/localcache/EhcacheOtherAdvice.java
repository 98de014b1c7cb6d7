package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.bootstrap.cache.LocalCacheHooks;
import dev.vitals.bootstrap.cache.LocalCacheRecorder;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into Ehcache 3's bulk operations ({@code getAll}, {@code putAll}, {@code removeAll}, {@code clear},
 * {@code containsKey}): not counted, but the evictions their writes cause count for this cache's name.
 */
public final class EhcacheOtherAdvice {
    private EhcacheOtherAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object cache) {
        return LocalCacheHooks.recorder().enter(LocalCacheRecorder.EHCACHE, cache, null, false);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object token) {
        LocalCacheHooks.recorder().exitOther(token);
    }
}

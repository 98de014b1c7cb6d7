package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.bootstrap.cache.LocalCacheHooks;
import dev.vitals.bootstrap.cache.LocalCacheRecorder;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into Ehcache 3's {@code EhcacheBase} {@code put}, {@code putIfAbsent} and both {@code replace}s: one
 * write, as for JCache's.
 */
public final class EhcachePutAdvice {
    private EhcachePutAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object cache) {
        return LocalCacheHooks.recorder().enter(LocalCacheRecorder.EHCACHE, cache, null, false);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object token) {
        LocalCacheHooks.recorder().exitPut(token);
    }
}

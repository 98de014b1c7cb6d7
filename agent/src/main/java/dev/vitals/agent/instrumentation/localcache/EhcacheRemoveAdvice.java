package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.bootstrap.cache.LocalCacheHooks;
import dev.vitals.bootstrap.cache.LocalCacheRecorder;
import net.bytebuddy.asm.Advice;

/** Inlined into Ehcache 3's {@code EhcacheBase.remove(Object)} and {@code remove(Object, Object)}: one removal. */
public final class EhcacheRemoveAdvice {
    private EhcacheRemoveAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object cache) {
        return LocalCacheHooks.recorder().enter(LocalCacheRecorder.EHCACHE, cache, null, false);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object token) {
        LocalCacheHooks.recorder().exitRemove(token);
    }
}

package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.bootstrap.cache.LocalCacheHooks;
import dev.vitals.bootstrap.cache.LocalCacheRecorder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into Guava's {@code LocalCache.remove(Object)} ({@code Cache.invalidate}, {@code asMap().remove}). */
public final class GuavaRemoveAdvice {
    private GuavaRemoveAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object cache) {
        return LocalCacheHooks.recorder().enter(LocalCacheRecorder.GUAVA, cache, null, false);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object token) {
        LocalCacheHooks.recorder().exitRemove(token);
    }
}

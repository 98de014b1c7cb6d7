package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.bootstrap.cache.LocalCacheHooks;
import dev.vitals.bootstrap.cache.LocalCacheRecorder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into Caffeine's {@code computeIfAbsent(Object, Function, boolean, boolean)} of both local caches
 * ({@code Cache.get(key, fn)}, {@code LoadingCache.get}): a hit, or a miss when the value had to be loaded
 * ({@link CaffeineLoadAdvice} says so), timed as the load.
 */
public final class CaffeineComputeAdvice {
    private CaffeineComputeAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object cache, @Advice.Argument(2) boolean recordStats) {
        return recordStats ? LocalCacheHooks.recorder().enter(LocalCacheRecorder.CAFFEINE, cache, null, true) : null;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object token, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object value) {
        if (token != null) {
            LocalCacheHooks.recorder().exitGet(token, value != null);
        }
    }
}

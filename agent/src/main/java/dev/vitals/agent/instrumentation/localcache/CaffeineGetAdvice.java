package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.bootstrap.cache.LocalCacheHooks;
import dev.vitals.bootstrap.cache.LocalCacheRecorder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into Caffeine's {@code BoundedLocalCache.getIfPresent(Object, boolean)} and {@code UnboundedLocalCache}'s
 * ({@code Cache.getIfPresent}): a hit when a value was found. Caffeine's quiet reads ({@code recordStats} false,
 * e.g. {@code asMap().get}) are not counted, as Caffeine's own statistics do not count them. References only
 * bootstrap types: Caffeine's classes are package-private.
 */
public final class CaffeineGetAdvice {
    private CaffeineGetAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object cache, @Advice.Argument(1) boolean recordStats) {
        return recordStats ? LocalCacheHooks.recorder().enter(LocalCacheRecorder.CAFFEINE, cache, null, false) : null;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object token, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object value) {
        if (token != null) {
            LocalCacheHooks.recorder().exitGet(token, value != null);
        }
    }
}

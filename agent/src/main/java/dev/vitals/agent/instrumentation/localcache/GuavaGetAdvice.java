package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.bootstrap.cache.LocalCacheHooks;
import dev.vitals.bootstrap.cache.LocalCacheRecorder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into Guava's {@code LocalCache.getIfPresent(Object)} ({@code Cache.getIfPresent}) and
 * {@code LocalCache.get(Object, CacheLoader)} ({@code LoadingCache.get}, {@code Cache.get(key, Callable)}): a hit, or
 * a miss when nothing was found or the value was loaded ({@link GuavaLoadAdvice} says so), timed as the load.
 */
public final class GuavaGetAdvice {
    private GuavaGetAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object cache) {
        return LocalCacheHooks.recorder().enter(LocalCacheRecorder.GUAVA, cache, null, true);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object token, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object value) {
        LocalCacheHooks.recorder().exitGet(token, value != null);
    }
}

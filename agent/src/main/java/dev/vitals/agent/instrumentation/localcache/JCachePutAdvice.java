package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.bootstrap.cache.LocalCacheHooks;
import dev.vitals.bootstrap.cache.LocalCacheRecorder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into a JCache provider's {@code javax.cache.Cache} implementation, {@code put}, {@code putIfAbsent}, {@code getAndPut}, {@code replace}, {@code getAndReplace}: one write. */
public final class JCachePutAdvice {
    private JCachePutAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This javax.cache.Cache<?, ?> cache) {
        return LocalCacheHooks.recorder().enter(LocalCacheRecorder.JCACHE, cache, cache.getName(), false);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object token) {
        LocalCacheHooks.recorder().exitPut(token);
    }
}

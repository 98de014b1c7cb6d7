package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.bootstrap.cache.LocalCacheHooks;
import dev.vitals.bootstrap.cache.LocalCacheRecorder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into a JCache provider's {@code javax.cache.Cache} implementation, {@code get(Object)}: a hit when a value was found and not loaded (read-through). */
public final class JCacheGetAdvice {
    private JCacheGetAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This javax.cache.Cache<?, ?> cache) {
        return LocalCacheHooks.recorder().enter(LocalCacheRecorder.JCACHE, cache, cache.getName(), true);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object token, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object value) {
        LocalCacheHooks.recorder().exitGet(token, value != null);
    }
}

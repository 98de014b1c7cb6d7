package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.bootstrap.cache.LocalCacheHooks;
import dev.vitals.bootstrap.cache.LocalCacheRecorder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into Spring's {@code AbstractCacheInvoker}, through which the caching aspect reaches every cache, whatever
 * the provider: {@code doEvict} ({@code @CacheEvict}): one removal. The Spring {@code Cache} is passed as an {@code Object}; the recorder reads its name.
 */
public final class SpringEvictAdvice {
    private SpringEvictAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Argument(0) Object cache) {
        return LocalCacheHooks.recorder().enter(LocalCacheRecorder.SPRING, cache, null, false);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object token) {
        LocalCacheHooks.recorder().exitRemove(token);
    }
}

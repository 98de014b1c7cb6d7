package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.bootstrap.cache.LocalCacheHooks;
import dev.vitals.bootstrap.cache.LocalCacheRecorder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into Spring's {@code AbstractCacheInvoker}, through which the caching aspect reaches every cache, whatever
 * the provider: {@code doPut} ({@code @Cacheable} after a miss, {@code @CachePut}): one write. The Spring {@code Cache} is passed as an {@code Object}; the recorder reads its name.
 */
public final class SpringPutAdvice {
    private SpringPutAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Argument(0) Object cache) {
        return LocalCacheHooks.recorder().enter(LocalCacheRecorder.SPRING, cache, null, false);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object token) {
        LocalCacheHooks.recorder().exitPut(token);
    }
}

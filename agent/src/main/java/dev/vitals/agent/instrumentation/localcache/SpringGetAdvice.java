package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.bootstrap.cache.LocalCacheHooks;
import dev.vitals.bootstrap.cache.LocalCacheRecorder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into Spring's {@code AbstractCacheInvoker}, through which the caching aspect reaches every cache, whatever
 * the provider: {@code doGet(Cache, Object)} and {@code doGet(Cache, Object, Callable)} ({@code @Cacheable}): a hit when a value was found and not loaded. The Spring {@code Cache} is passed as an {@code Object}; the recorder reads its name.
 */
public final class SpringGetAdvice {
    private SpringGetAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Argument(0) Object cache) {
        return LocalCacheHooks.recorder().enter(LocalCacheRecorder.SPRING, cache, null, true);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object token, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object value) {
        LocalCacheHooks.recorder().exitGet(token, value != null);
    }
}

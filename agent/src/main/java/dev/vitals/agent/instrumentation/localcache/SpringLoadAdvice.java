package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.bootstrap.cache.LocalCacheHooks;
import dev.vitals.bootstrap.cache.LocalCacheRecorder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into Spring's {@code CacheAspectSupport.invokeOperation}: the cached method runs, so a read in progress
 * ({@code @Cacheable(sync = true)}, whose provider calls the method from inside {@code doGet}) is a miss.
 */
public final class SpringLoadAdvice {
    private SpringLoadAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter() {
        LocalCacheHooks.recorder().missed();
    }
}

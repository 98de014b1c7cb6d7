package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.bootstrap.cache.LocalCacheHooks;
import dev.vitals.bootstrap.cache.LocalCacheRecorder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into Caffeine's {@code LocalCache.statsAware(Function, boolean)}, which {@code computeIfAbsent} calls
 * only on its way to loading a value: the read around it is a miss.
 */
public final class CaffeineLoadAdvice {
    private CaffeineLoadAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter() {
        LocalCacheHooks.recorder().missed();
    }
}

package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.bootstrap.cache.LocalCacheHooks;
import dev.vitals.bootstrap.cache.LocalCacheRecorder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into Guava's {@code LocalCache.Segment.loadSync}, which a read calls only to load a missing value: the
 * read around it is a miss.
 */
public final class GuavaLoadAdvice {
    private GuavaLoadAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter() {
        LocalCacheHooks.recorder().missed();
    }
}

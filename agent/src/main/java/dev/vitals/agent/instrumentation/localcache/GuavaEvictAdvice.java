package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.bootstrap.cache.LocalCacheHooks;
import dev.vitals.bootstrap.cache.LocalCacheRecorder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into Guava's {@code LocalCache.Segment.removeEntry(ReferenceEntry, int, RemovalCause)}, through which its
 * size, expiry and collected-reference evictions go; it returns true when it removed the entry. Guava's
 * {@code RemovalCause} constants are {@code EXPLICIT, REPLACED, COLLECTED, EXPIRED, SIZE} (in that order since Guava
 * 10): an ordinal above 1 is an eviction ({@code wasEvicted()}), read without naming Guava's type.
 */
public final class GuavaEvictAdvice {
    private GuavaEvictAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.FieldValue("map") Object cache, @Advice.Argument(2) Enum<?> cause,
                     @Advice.Return boolean removed) {
        if (removed && cause.ordinal() > 1) {
            LocalCacheHooks.recorder().evicted(cache);
        }
    }
}

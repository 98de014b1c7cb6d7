package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.bootstrap.cache.LocalCacheHooks;
import dev.vitals.bootstrap.cache.LocalCacheRecorder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into Ehcache 3's {@code EhcacheBase.get(Object)} ({@code org.ehcache.Cache.get}): a hit when a value was
 * found, or a miss when none was or it had to be loaded ({@link EhcacheLoadAdvice} says so), timed as the load. References only bootstrap types: Ehcache's are not on the agent's
 * class path.
 */
public final class EhcacheGetAdvice {
    private EhcacheGetAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object cache) {
        return LocalCacheHooks.recorder().enter(LocalCacheRecorder.EHCACHE, cache, null, true);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object token, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object value) {
        LocalCacheHooks.recorder().exitGet(token, value != null);
    }
}

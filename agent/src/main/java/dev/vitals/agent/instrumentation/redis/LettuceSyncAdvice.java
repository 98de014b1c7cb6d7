package dev.vitals.agent.instrumentation.redis;

import dev.vitals.bootstrap.RequestScope;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code io.lettuce.core.FutureSyncInvocationHandler.handleInvocation}, the proxy behind every
 * sync API call: the calling thread waits for the command here, so its time belongs to the caller's request
 * (the per-request breakdown). Async and reactive commands complete on Lettuce's event loop, outside any
 * request thread, and are not attributed to a request.
 */
public final class LettuceSyncAdvice {
    private LettuceSyncAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
        return System.nanoTime();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter long start) {
        RequestScope.current().addRedis(System.nanoTime() - start);
    }
}

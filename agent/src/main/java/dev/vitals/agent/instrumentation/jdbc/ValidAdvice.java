package dev.vitals.agent.instrumentation.jdbc;

import dev.vitals.bootstrap.CallDepth;
import net.bytebuddy.asm.Advice;

/**
 * Advice on {@code Connection.isValid(int)}: statements a driver runs to answer it (pgjdbc executes an empty query)
 * are a liveness ping, not the application's SQL, so they are not recorded. Pools ping connections from their own
 * threads (c3p0 tests every new connection), which would otherwise show as statements of a data source nobody uses.
 */
public final class ValidAdvice {
    private ValidAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter() {
        CallDepth.enter(CallDepth.JDBC);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit() {
        CallDepth.exit(CallDepth.JDBC);
    }
}

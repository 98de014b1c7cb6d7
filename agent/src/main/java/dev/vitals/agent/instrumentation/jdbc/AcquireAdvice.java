package dev.vitals.agent.instrumentation.jdbc;

import dev.vitals.bootstrap.CallDepth;
import dev.vitals.bootstrap.jdbc.JdbcHooks;
import net.bytebuddy.asm.Advice;

/**
 * Advice on {@code DataSource.getConnection()} and {@code getConnection(String, String)}: the time spent there is
 * the wait for a pooled connection. Only the outermost data source on the thread records ({@link CallDepth#POOL}),
 * so a wrapper around a pool, or a pool around a driver's own data source, counts once.
 */
public final class AcquireAdvice {
    private AcquireAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter(@Advice.This Object dataSource) {
        long start = CallDepth.enterTimed(CallDepth.POOL);
        if (start != 0L) {
            JdbcHooks.recorder().acquiring(dataSource);
        }
        return start;
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.This Object dataSource, @Advice.Enter long start, @Advice.Return Object connection,
                            @Advice.Thrown Throwable thrown) {
        CallDepth.exit(CallDepth.POOL);
        if (start != 0L) {
            JdbcHooks.recorder().acquired(dataSource, connection, start, thrown);
        }
    }
}

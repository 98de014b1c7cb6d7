package dev.vitals.agent.instrumentation.jdbc;

import dev.vitals.bootstrap.CallDepth;
import dev.vitals.bootstrap.jdbc.JdbcHooks;
import net.bytebuddy.asm.Advice;

/**
 * Advice on a statement's {@code execute()}, {@code executeQuery()}, {@code executeUpdate()},
 * {@code executeLargeUpdate()}, {@code executeBatch()} and {@code executeLargeBatch()} (no SQL argument: a prepared
 * statement or a batch). Inlined into driver and pool classes: it may reference only the JDK and
 * {@code dev.vitals.bootstrap}.
 *
 * <p>Only the outermost call on the thread records ({@link CallDepth#JDBC}): a pool's proxy statement calling the
 * driver's statement is one execution, not two.
 */
public final class ExecuteAdvice {
    private ExecuteAdvice() {
    }

    /** Returns the start time, or 0 when an outer call records this execution. */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter() {
        return CallDepth.enterTimed(CallDepth.JDBC);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.This Object statement, @Advice.Enter long start, @Advice.Thrown Throwable thrown) {
        CallDepth.exit(CallDepth.JDBC);
        if (start != 0L) {
            JdbcHooks.recorder().executed(statement, null, start, thrown);
        }
    }
}

package dev.vitals.agent.instrumentation.jdbc;

import dev.vitals.bootstrap.CallDepth;
import dev.vitals.bootstrap.jdbc.JdbcHooks;
import net.bytebuddy.asm.Advice;

/**
 * Advice on {@code Statement.execute(String, ...)}, {@code executeQuery(String)}, {@code executeUpdate(String, ...)}
 * and {@code executeLargeUpdate(String, ...)}: the SQL is the first argument. Same rules as {@link ExecuteAdvice}.
 */
public final class ExecuteSqlAdvice {
    private ExecuteSqlAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter() {
        return CallDepth.enterTimed(CallDepth.JDBC);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.This Object statement, @Advice.Argument(0) String sql, @Advice.Enter long start,
                            @Advice.Thrown Throwable thrown) {
        CallDepth.exit(CallDepth.JDBC);
        if (start != 0L) {
            JdbcHooks.recorder().executed(statement, sql, start, thrown);
        }
    }
}

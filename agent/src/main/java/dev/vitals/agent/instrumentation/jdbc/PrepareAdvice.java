package dev.vitals.agent.instrumentation.jdbc;

import dev.vitals.bootstrap.CallDepth;
import dev.vitals.bootstrap.jdbc.JdbcHooks;
import net.bytebuddy.asm.Advice;

/**
 * Advice on {@code Connection.prepareStatement(String, ...)} and {@code prepareCall(String, ...)}: remembers which
 * SQL the returned statement runs, so that executing it again needs no parsing and no lookup by text. Only the
 * outermost call registers, so with a pool it is the proxy statement the application holds.
 *
 * <p>Shares the {@link CallDepth#JDBC} depth with statement execution: a driver that executes statements of its
 * own while preparing one is not recorded (that is the driver's business, not the application's).
 */
public final class PrepareAdvice {
    private PrepareAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static int enter() {
        return CallDepth.enter(CallDepth.JDBC);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.This Object connection, @Advice.Argument(0) String sql, @Advice.Enter int depth,
                            @Advice.Return Object statement, @Advice.Thrown Throwable thrown) {
        CallDepth.exit(CallDepth.JDBC);
        if (depth == 0 && thrown == null && statement != null) {
            JdbcHooks.recorder().prepared(connection, statement, sql);
        }
    }
}

package dev.vitals.agent.instrumentation.jdbc;

import dev.vitals.bootstrap.jdbc.JdbcHooks;
import net.bytebuddy.asm.Advice;

/**
 * Advice on JNDI {@code Context.lookup(String)}: tells the recorder which name an object was looked up by, so a
 * container-managed pool (Tomcat's {@code <Resource name="jdbc/shop">}) is named {@code jdbc/shop}. Inlined into
 * {@code javax.naming.InitialContext} (a JDK class): it may reference only the JDK and {@code dev.vitals.bootstrap}.
 */
public final class LookupAdvice {
    private LookupAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Argument(0) String name, @Advice.Return Object result) {
        if (result != null && name != null) {
            JdbcHooks.lookedUp(result, name);
        }
    }
}

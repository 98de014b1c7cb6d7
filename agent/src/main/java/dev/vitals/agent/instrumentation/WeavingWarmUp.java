package dev.vitals.agent.instrumentation;

import dev.vitals.agent.instrumentation.jdbc.ExecuteSqlAdvice;
import dev.vitals.agent.log.Log;
import net.bytebuddy.dynamic.ClassFileLocator;

import java.util.Collections;

/**
 * Weaves real advice into a class of the agent's own, once, off the application's threads, and throws the result
 * away. The first transformation of an application class otherwise pays for loading and initialising the weaving
 * (the agent's weaver, ASM's reader and writer) on the thread that loads that class,
 * usually {@code main} while the server starts: in a Tomcat distribution, with Byte Buddy's advice, Tomcat's first
 * instrumented class took 56 ms of CPU to transform, 10 ms after the warm-up.
 */
public final class WeavingWarmUp {
    private WeavingWarmUp() {
    }

    /** Returns the woven class file (for tests); never throws. */
    public static byte[] run() {
        long started = System.nanoTime();
        try {
            ClassLoader agent = WeavingWarmUp.class.getClassLoader();
            String name = Target.class.getName();
            byte[] classFile = ClassFileLocator.ForClassLoader.of(agent).locate(name).resolve();
            // As a loading class is woven: from its class file alone.
            byte[] woven = ClassWeaver.weave(classFile, null, Collections.singletonList(Instrumentations.advice()
                    .advice(MethodMatcher.named("execute"), ExecuteSqlAdvice.class.getName())));
            Log.debug("weaving warmed up in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            return woven;
        } catch (Throwable t) {
            Log.debug("the weaving warm-up failed; the first class woven pays for it instead: " + t);
            return null;
        }
    }

    /** What is woven: shaped like the JDBC statements the advice is made for. Never loaded. */
    static final class Target {
        public boolean execute(String sql) {
            return sql.isEmpty();
        }
    }
}

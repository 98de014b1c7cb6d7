package dev.vitals.agent.instrumentation;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

/**
 * One transformation of a class of the agent's own, its result thrown away, run on the install's background thread
 * once the transformer is registered. The first class an application loads that a module advises would otherwise load,
 * link and initialise the few hundred Byte Buddy and ASM classes a transformation uses on the application's own
 * thread: about 50 ms of a Tomcat start's main thread, which waits for that class to load.
 */
final class TransformWarmUp {
    private TransformWarmUp() {
    }

    /** Returns the size of the rewritten class file (for tests); never throws. */
    static int run() {
        try {
            ClassLoader agent = TransformWarmUp.class.getClassLoader();
            String name = Target.class.getName();
            ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(agent);
            byte[] bytes = locator.locate(name).resolve();
            TypePool pool = TypePools.INSTANCE.typePool(locator, agent, name);
            TypeDescription type = pool.describe(name).resolve();
            AsmVisitorWrapper.ForDeclaredMethods methods = Instrumentations.advice()
                    .advice(ElementMatchers.named("handle"), Timing.class.getName())
                    .transform(new AsmVisitorWrapper.ForDeclaredMethods(), type, agent, null, null);
            return AgentTransformer.rewrite(type, bytes, methods, pool).length;
        } catch (Throwable t) {
            return -1; // only a warm-up: the first real transformation then pays for it, as it did before
        }
    }

    /** What is transformed: a method with an argument and a result, like the server and driver methods advised. */
    static final class Target {
        private Target() {
        }

        static int handle(String request) {
            return request.length();
        }
    }

    /** Advice shaped like the modules' own: an enter value, an argument, the result, the thrown, suppressed. */
    static final class Timing {
        private Timing() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.Argument(0) String request) {
            return System.nanoTime();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter long started, @Advice.Return int result, @Advice.Thrown Throwable thrown) {
            if (thrown != null && started == result) {
                throw new IllegalStateException();
            }
        }
    }
}

package dev.vitals.agent.instrumentation;

import dev.vitals.agent.log.Log;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;

import static net.bytebuddy.matcher.ElementMatchers.named;

/**
 * Transforms a class of the agent's own once, when Byte Buddy's transformer is registered with the
 * {@link StartupGate} and before any application class reaches it.
 *
 * <p>The first class an application loads that Vitals advises used to cost its loading thread some 80 ms of CPU,
 * eight times a later one: Byte Buddy's type pool, advice and class writer (some 270 classes) were loaded from the
 * agent jar, verified and run cold right then, and at start-up that thread is usually the one the application
 * starts on. Done here, on the installing thread, the application's threads find them loaded; a JVM that exits
 * before instrumentation is installed (a Hello World) never pays for it. Nothing of the application is read.
 */
final class TransformWarmup {
    private TransformWarmup() {
    }

    /** Never throws. */
    static void run() {
        try {
            transformTarget();
        } catch (Throwable t) {
            // Only a warm-up: the application's classes are transformed all the same.
            Log.debug("transformation warm-up failed: " + t);
        }
    }

    /** The target's bytes with the warm-up advice inlined, as the agent builder would make them. */
    static byte[] transformTarget() {
        return transform(Instrumentations.advice().advice(named("work"), TargetAdvice.class.getName()),
                Target.class.getName(), TransformWarmup.class.getClassLoader());
    }

    /**
     * {@code type} of {@code loader} transformed by {@code advice} as the agent builder does it (decorated, class
     * format unchanged), through the same pools, locators and advice cache as the application's classes.
     */
    static byte[] transform(AdviceTransformer advice, String type, ClassLoader loader) {
        ClassFileLocator locator = AdviceTransformer.locator(loader, null);
        TypePool pool = TypePools.INSTANCE.typePool(locator, loader);
        TypeDescription description = pool.describe(type).resolve();
        DynamicType.Builder<?> builder = new ByteBuddy()
                .with(Implementation.Context.Disabled.Factory.INSTANCE)
                .decorate(description, locator);
        return advice.transform(builder, description, loader, null, null)
                .make(TypeResolutionStrategy.Disabled.INSTANCE, pool).getBytes();
    }

    /** Shaped like the application methods the agent advises: arguments, a branch, a loop, a catch. */
    static final class Target {
        private int calls;

        String work(String name, int times) {
            StringBuilder out = new StringBuilder();
            try {
                for (int i = 0; i < times; i++) {
                    out.append(name);
                }
            } catch (RuntimeException e) {
                return null;
            }
            calls++;
            return calls > 1 ? out.toString() : name;
        }
    }

    /** Uses the advice features the agent's advice classes use. */
    static final class TargetAdvice {
        private TargetAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.Argument(0) String name) {
            return name == null ? 0L : name.length();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter long started, @Advice.This Object self, @Advice.Return String result,
                         @Advice.Thrown Throwable thrown, @Advice.Origin("#m") String method) {
            if (thrown != null && result == null && started < 0 && self != null && method != null) {
                throw new IllegalStateException();
            }
        }
    }
}

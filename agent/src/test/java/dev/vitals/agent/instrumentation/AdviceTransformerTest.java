package dev.vitals.agent.instrumentation;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Advice the agent's weaver leaves to Byte Buddy is built once per advice class and class loader, whichever type and
 * transformer it is applied through.
 */
class AdviceTransformerTest {
    private static final String ADVICE = TargetAdvice.class.getName();

    @Test
    void adviceIsBuiltOncePerClassLoaderNotPerTransformedType() throws Exception {
        ClassLoader loader = new ClassLoader(AdviceTransformerTest.class.getClassLoader()) {
        };
        assertNull(AdviceTransformer.built(loader, ADVICE), "nothing built for a new loader");

        byte[] first = transform(Instrumentations.advice().advice(named("work"), ADVICE), Target.class, loader);
        Advice built = AdviceTransformer.built(loader, ADVICE);
        assertNotNull(built, "built on first use");
        // Another type, through another transformer made the same way: the advice is not read and parsed again.
        transform(Instrumentations.advice().advice(named("work"), ADVICE), OtherTarget.class, loader);
        assertSame(built, AdviceTransformer.built(loader, ADVICE));

        // Another loader resolves the advice's types against its own classes: built again, for it.
        ClassLoader other = new ClassLoader(AdviceTransformerTest.class.getClassLoader()) {
        };
        transform(Instrumentations.advice().advice(named("work"), ADVICE), Target.class, other);
        assertNotSame(built, AdviceTransformer.built(other, ADVICE));
        // Custom bindings are part of the key: the same advice class with other bindings is built apart.
        assertNull(AdviceTransformer.built(loader, ADVICE, new AdviceTransformer.Bindings(Advice::withCustomMapping)));
        // This advice binds @Origin, which the agent's own weaver does not copy: Byte Buddy applies it.
        assertFalse(AdviceTransformer.inline(ADVICE).supported());

        assertFalse(java.util.Arrays.equals(classFile(Target.class), first), "the advice was applied");
        assertEquals("abab", runWork(first), "the advised method still does its work");
    }

    /**
     * {@code type} of {@code loader} transformed by {@code advice} as the agent's transformer does it (one rewrite of
     * the class file, format unchanged), through the same pools and locators as the application's classes.
     */
    static byte[] transform(AdviceTransformer advice, Class<?> type, ClassLoader loader) throws Exception {
        ClassFileLocator locator = AdviceTransformer.locator(loader, null);
        TypePool pool = TypePools.INSTANCE.typePool(locator, loader);
        TypeDescription description = pool.describe(type.getName()).resolve();
        return AgentTransformer.rewrite(description, classFile(type),
                advice.transform(new AsmVisitorWrapper.ForDeclaredMethods(), description, loader, null, null), pool);
    }

    /**
     * {@code advice} applied to {@code type} as a loading class is woven, from its class file alone ({@link ClassWeaver});
     * null when that leaves the class to Byte Buddy.
     */
    static byte[] weaveFromClassFile(AdviceTransformer advice, Class<?> type) throws Exception {
        try {
            return ClassWeaver.weave(classFile(type), null, java.util.List.of(advice));
        } catch (RuntimeException e) {
            if (e == ClassWeaver.NEEDS_BYTE_BUDDY) {
                return null;
            }
            throw e;
        }
    }

    static byte[] classFile(Class<?> type) throws Exception {
        return ClassFileLocator.ForClassLoader.read(type);
    }

    /** Defines the transformed target in a loader of its own and calls {@code work("ab", 2)} twice. */
    static String runWork(byte[] target) throws Exception {
        String name = Target.class.getName();
        Class<?> type = new ClassLoader(null) {
            @Override
            protected Class<?> findClass(String className) throws ClassNotFoundException {
                if (className.equals(name)) {
                    return defineClass(className, target, 0, target.length);
                }
                throw new ClassNotFoundException(className);
            }
        }.loadClass(name);
        Constructor<?> constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        Object instance = constructor.newInstance();
        Method work = type.getDeclaredMethod("work", String.class, int.class);
        work.setAccessible(true);
        work.invoke(instance, "ab", 2);
        return (String) work.invoke(instance, "ab", 2);
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
    static final class OtherTarget {
        String work(String name, int times) {
            return times > 0 ? name : null;
        }
    }
}

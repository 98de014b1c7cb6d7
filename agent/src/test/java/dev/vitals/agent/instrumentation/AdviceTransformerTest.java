package dev.vitals.agent.instrumentation;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
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

/** Advice is built once per advice class and class loader, whichever type and transformer it is applied through. */
class AdviceTransformerTest {
    private static final String ADVICE = TransformWarmup.TargetAdvice.class.getName();

    @Test
    void adviceIsBuiltOncePerClassLoaderNotPerTransformedType() throws Exception {
        ClassLoader loader = new ClassLoader(AdviceTransformerTest.class.getClassLoader()) {
        };
        assertNull(AdviceTransformer.built(loader, ADVICE), "nothing built for a new loader");

        byte[] first = transform(Instrumentations.advice().advice(named("work"), ADVICE), TransformWarmup.Target.class, loader);
        Advice built = AdviceTransformer.built(loader, ADVICE);
        assertNotNull(built, "built on first use");
        // Another type, through another transformer made the same way: the advice is not read and parsed again.
        transform(Instrumentations.advice().advice(named("work"), ADVICE), OtherTarget.class, loader);
        assertSame(built, AdviceTransformer.built(loader, ADVICE));

        // Another loader resolves the advice's types against its own classes: built again, for it.
        ClassLoader other = new ClassLoader(AdviceTransformerTest.class.getClassLoader()) {
        };
        transform(Instrumentations.advice().advice(named("work"), ADVICE), TransformWarmup.Target.class, other);
        assertNotSame(built, AdviceTransformer.built(other, ADVICE));
        // Custom bindings are part of the key: the same advice class with other bindings is built apart.
        assertNull(AdviceTransformer.built(loader, ADVICE, Advice.withCustomMapping()));

        assertFalse(java.util.Arrays.equals(classFile(TransformWarmup.Target.class), first), "the advice was applied");
        assertEquals("abab", runWork(first), "the advised method still does its work");
    }

    @Test
    void theWarmUpTransformsTheAgentsOwnTarget() throws Exception {
        byte[] transformed = TransformWarmup.transformTarget();
        assertFalse(java.util.Arrays.equals(classFile(TransformWarmup.Target.class), transformed), "the advice was applied");
        assertEquals("abab", runWork(transformed));
    }

    static byte[] transform(AdviceTransformer advice, Class<?> type, ClassLoader loader) {
        return TransformWarmup.transform(advice, type.getName(), loader);
    }

    static byte[] classFile(Class<?> type) throws Exception {
        return ClassFileLocator.ForClassLoader.read(type);
    }

    /** Defines the transformed target in a loader of its own and calls {@code work("ab", 2)} twice. */
    static String runWork(byte[] target) throws Exception {
        String name = TransformWarmup.Target.class.getName();
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

    static final class OtherTarget {
        String work(String name, int times) {
            return times > 0 ? name : null;
        }
    }
}

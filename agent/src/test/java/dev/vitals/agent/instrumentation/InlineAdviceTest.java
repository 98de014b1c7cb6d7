package dev.vitals.agent.instrumentation;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static dev.vitals.agent.instrumentation.MethodMatcher.isConstructor;
import static dev.vitals.agent.instrumentation.MethodMatcher.named;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's own weaver: each shape of advice the agent uses, inlined into methods with loops, catches, wide and
 * primitive values and several returns, then defined in a class loader of its own (so the JVM verifies it) and run.
 * What the advice saw is compared with what Byte Buddy's advice would have given it.
 */
class InlineAdviceTest {
    @BeforeEach
    void clear() {
        Sink.events.clear();
    }

    @Test
    void enterAndExitSeeTheArgumentsTheReturnValueAndTheEnterValue() throws Exception {
        Object target = weave(Target.class, "work", RecordingAdvice.class);

        assertEquals("abab", call(target, "work", "ab", 2));
        assertEquals(List.of("enter ab", "exit ab enter=2 return=abab thrown=null this=Target"), Sink.events);
    }

    @Test
    void anExceptionLeavesThroughTheExitAdviceAndStillPropagates() throws Exception {
        Object target = weave(Target.class, "work", RecordingAdvice.class);

        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> call(target, "work", "ab", -1));
        assertEquals("negative", e.getCause().getMessage());
        assertEquals(List.of("enter ab", "exit ab enter=2 return=null thrown=negative this=Target"), Sink.events);
        // The method's own catch still catches what it caught: the exit advice runs once, after it.
        Sink.events.clear();
        assertEquals("caught", call(target, "work", "ab", 1000));
        assertEquals(List.of("enter ab", "exit ab enter=2 return=caught thrown=null this=Target"), Sink.events);
    }

    @Test
    void theExitAdviceReadsTheArgumentsAsTheyWereWhenTheMethodStarted() throws Exception {
        Object target = weave(Target.class, "reassigns", RecordingAdvice.class);

        assertEquals("changed", call(target, "reassigns", "given", 1));
        assertEquals(List.of("enter given", "exit given enter=5 return=changed thrown=null this=Target"), Sink.events);
    }

    @Test
    void primitiveAndWideValuesAreBoxedForAnObjectParameter() throws Exception {
        Object target = weave(Target.class, "wide", WideAdvice.class);

        assertEquals(7.5d, call(target, "wide", 3, 4L, 0.5d));
        assertEquals(List.of("enter 3 4 0.5", "exit 7.5 4 start=4"), Sink.events);
        Sink.events.clear();
        Object statics = weave(Target.class, "staticSum", WideAdvice.class);
        assertEquals(9L, call(statics, "staticSum", 2, 7L, 0.0d));
        assertEquals(List.of("enter 2 7 0.0", "exit 9 7 start=7"), Sink.events);
    }

    @Test
    void exceptionsThrownByTheAdviceAreSuppressed() throws Exception {
        Object target = weave(Target.class, "work", ThrowingAdvice.class);

        assertEquals("abab", call(target, "work", "ab", 2));
        assertEquals(List.of("enter threw", "exit threw enter=0"), Sink.events,
                "the exit advice ran with the default enter value");
    }

    @Test
    void writableArgumentsAndReturnValuesAreWritten() throws Exception {
        Object target = weave(Target.class, "work", WritingAdvice.class);

        assertEquals("x!x!?", call(target, "work", "x", 2));
    }

    @Test
    void fieldsAreReadFromTheInstanceItsSuperclassAndTheClass() throws Exception {
        Object target = weave(Target.class, "voidWork", FieldAdvice.class);

        assertNull(call(target, "voidWork", 3));
        assertNull(call(target, "voidWork", 0));
        assertEquals(List.of("exit calls=1 inherited=inherited constant=named return=null",
                "exit calls=1 inherited=inherited constant=named return=null"), Sink.events,
                "the second call returned early, before counting");
    }

    @Test
    void adviceWithItsOwnBranchesLoopsAndCatchesIsCopiedWhole() throws Exception {
        Object target = weave(Target.class, "work", BranchingAdvice.class);

        assertEquals("abab", call(target, "work", "ab", 2));
        assertEquals("", call(target, "work", "", 3));
        assertEquals(List.of("enter sum=195 caught=true", "exit long", "enter sum=0 caught=true", "exit short"),
                Sink.events);
    }

    @Test
    void twoAdviceOnOneMethodNestAndBothRun() throws Exception {
        Object target = weave(Target.class, "work", RecordingAdvice.class, WritingAdvice.class);

        assertEquals("ab!ab!?", call(target, "work", "ab", 2));
        assertEquals(List.of("enter ab", "exit ab enter=2 return=ab!ab!? thrown=null this=Target"), Sink.events,
                "the outer advice (the first) sees what the inner one wrote");
    }

    @Test
    void exitAdviceOnAConstructorIsInlinedAndSeesTheObject() throws Exception {
        ClassLoader loader = new ClassLoader(InlineAdviceTest.class.getClassLoader()) {
        };
        AdviceTransformer advice = Instrumentations.advice().advice(isConstructor(), ConstructorAdvice.class.getName());
        byte[] woven = AdviceTransformerTest.transform(advice, Target.class, loader);

        assertNull(AdviceTransformer.built(loader, ConstructorAdvice.class.getName()), "not left to Byte Buddy");
        assertArrayEquals(woven, AdviceTransformerTest.weaveFromClassFile(advice, Target.class),
                "from the class file alone too, with the field the class declares");
        define(Target.class, woven);
        assertEquals(List.of("constructed Target calls=0"), Sink.events);
    }

    @Test
    void enterAdviceOnAConstructorIsLeftToByteBuddy() throws Exception {
        ClassLoader loader = new ClassLoader(InlineAdviceTest.class.getClassLoader()) {
        };
        AdviceTransformer advice = Instrumentations.advice().advice(isConstructor(), ConstructingAdvice.class.getName());
        assertNull(AdviceTransformerTest.weaveFromClassFile(advice, Target.class), "not from the class file alone");
        byte[] woven = AdviceTransformerTest.transform(advice, Target.class, loader);

        assertTrue(AdviceTransformer.inline(ConstructingAdvice.class.getName()).supported());
        assertNotNull(AdviceTransformer.built(loader, ConstructingAdvice.class.getName()),
                "Byte Buddy built the advice for the constructor");
        define(Target.class, woven);
        assertEquals(List.of("constructing"), Sink.events);
    }

    @Test
    void aNonDefaultEnterValueSkipsTheMethodsCode() throws Exception {
        Object target = weave(Target.class, "work", SkippingAdvice.class);

        assertEquals("skipped", call(target, "work", "skip", 2), "skipped, and the exit advice set the return value");
        assertEquals("abab", call(target, "work", "ab", 2), "run");
        assertEquals(List.of("exit skipped", "exit null"), Sink.events);
        Object wide = weave(Target.class, "wide", SkippingWideAdvice.class);
        assertEquals(0.0d, call(wide, "wide", 3, 4L, 0.5d), "skipped without exit advice: the default value");
        assertEquals(8.5d, call(wide, "wide", 3, 5L, 0.5d), "run");
    }

    @Test
    void withTheByteBuddyWeaverByteBuddyBuildsTheAdvice() throws Exception {
        ClassLoader loader = new ClassLoader(InlineAdviceTest.class.getClassLoader()) {
        };
        AdviceTransformer.inline(false);
        try {
            byte[] woven = AdviceTransformerTest.transform(Instrumentations.advice()
                    .advice(named("work"), RecordingAdvice.class.getName()), Target.class, loader);
            assertNotNull(AdviceTransformer.built(loader, RecordingAdvice.class.getName()));
            assertEquals("abab", call(define(Target.class, woven), "work", "ab", 2));
            assertEquals(List.of("enter ab", "exit ab enter=2 return=abab thrown=null this=Target"), Sink.events,
                    "Byte Buddy's advice saw what the agent's weaver gives it");
        } finally {
            AdviceTransformer.inline(true);
        }
    }

    /**
     * Every advice class of the agent is inlined by its own weaver, but the one that needs Byte Buddy for its custom
     * binding. A new advice class that silently fell back to Byte Buddy fails here.
     */
    @Test
    void everyAdviceClassOfTheAgentIsInlinedButThoseThatNeedByteBuddy() throws IOException {
        Path root = Paths.get("target/classes");
        Path classes = root.resolve("dev/vitals/agent");
        Map<String, String> unsupported = new TreeMap<>();
        List<String> advice = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String constants = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                if (!constants.contains("Advice$OnMethodEnter;") && !constants.contains("Advice$OnMethodExit;")) {
                    continue;
                }
                String name = root.relativize(file).toString()
                        .replace(".class", "").replace('/', '.');
                advice.add(name);
                InlineAdvice inline = InlineAdvice.read(name, net.bytebuddy.dynamic.ClassFileLocator.ForClassLoader
                        .of(InlineAdviceTest.class.getClassLoader()));
                if (!inline.supported()) {
                    unsupported.put(name.substring(name.lastIndexOf('.') + 1), inline.unsupported);
                }
            }
        }
        assertTrue(advice.size() > 60, "the agent's advice classes were found: " + advice);
        assertEquals(List.of("JaxRsAdvice"), new ArrayList<>(unsupported.keySet()), unsupported.toString());
        assertTrue(unsupported.get("JaxRsAdvice").contains("RouteTemplate"), unsupported.toString());
    }

    // ---- weaving and calling

    /** {@code type} with {@code advice} (each on {@code method}, the first outermost), defined in a loader of its own. */
    private static Object weave(Class<?> type, String method, Class<?>... advice) throws Exception {
        ClassLoader loader = new ClassLoader(InlineAdviceTest.class.getClassLoader()) {
        };
        AdviceTransformer transformer = Instrumentations.advice();
        // Byte Buddy wraps each later visitor around the earlier ones, so the earlier see the later's code as the
        // method's: the first added runs outermost.
        for (Class<?> a : advice) {
            transformer = transformer.advice(named(method), a.getName());
        }
        byte[] woven = AdviceTransformerTest.transform(transformer, type, loader);
        byte[] fromClassFile = AdviceTransformerTest.weaveFromClassFile(transformer, type);
        if (java.util.Arrays.asList(advice).contains(FieldAdvice.class)) {
            assertNull(fromClassFile, "a field the class inherits is found through Byte Buddy's description of it");
        } else {
            assertArrayEquals(woven, fromClassFile,
                    "woven from the class file alone: the same bytes as through Byte Buddy's description");
        }
        for (Class<?> a : advice) {
            assertTrue(AdviceTransformer.inline(a.getName()).supported(), AdviceTransformer.inline(a.getName()).unsupported);
            assertNull(AdviceTransformer.built(loader, a.getName()), "Byte Buddy's advice was not built");
        }
        Object instance = define(type, woven);
        assertTrue(instance.getClass() != type, "the woven class is a class of its own");
        return instance;
    }

    private static Object define(Class<?> type, byte[] woven) throws Exception {
        String name = type.getName();
        Class<?> defined = new ClassLoader(InlineAdviceTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
                if (className.equals(name)) {
                    synchronized (getClassLoadingLock(className)) {
                        Class<?> loaded = findLoadedClass(className);
                        return loaded != null ? loaded : defineClass(className, woven, 0, woven.length);
                    }
                }
                return super.loadClass(className, resolve);
            }
        }.loadClass(name);
        Constructor<?> constructor = defined.getDeclaredConstructor();
        constructor.setAccessible(true);
        return constructor.newInstance();
    }

    private static Object call(Object target, String name, Object... args) throws Exception {
        for (Method method : target.getClass().getDeclaredMethods()) {
            if (method.getName().equals(name)) {
                method.setAccessible(true);
                return method.invoke(target, args);
            }
        }
        throw new NoSuchMethodException(name);
    }

    // ---- what is woven

    /** Where the advice writes what it saw (the woven class's loader delegates to the test's). */
    public static final class Sink {
        public static final List<String> events = new ArrayList<>();

        public static void add(String event) {
            events.add(event);
        }
    }

    public static class Base {
        protected String inherited = "inherited";
    }

    static final class Target extends Base {
        static final String NAME = "named";
        private int calls;

        Target() {
        }

        String work(String name, int times) {
            if (times < 0) {
                throw new IllegalArgumentException("negative");
            }
            StringBuilder out = new StringBuilder();
            try {
                for (int i = 0; i < times; i++) {
                    out.append(name);
                    if (out.length() > 100) {
                        throw new IllegalStateException("long");
                    }
                }
            } catch (IllegalStateException e) {
                return "caught";
            }
            switch (times) {
                case 0:
                    return "";
                case 1:
                    return name;
                default:
                    return out.toString();
            }
        }

        String reassigns(String name, int times) {
            name = "changed";
            return times > 0 ? name : null;
        }

        double wide(int a, long b, double c) {
            double sum = a;
            for (long i = 0; i < b; i++) {
                sum += 1;
            }
            return sum + c;
        }

        static long staticSum(int a, long b, double c) {
            long sum = a + b;
            return c > 0 ? sum + 1 : sum;
        }

        void voidWork(int times) {
            if (times == 0) {
                return;
            }
            calls++;
        }
    }

    static final class RecordingAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static int enter(@Advice.Argument(0) String name) {
            Sink.add("enter " + name);
            return name.length();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Argument(0) String name, @Advice.Enter int length, @Advice.This Object self,
                         @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                         @Advice.Thrown Throwable thrown) {
            Sink.add("exit " + name + " enter=" + length + " return=" + returned + " thrown="
                    + (thrown == null ? null : thrown.getMessage()) + " this=" + self.getClass().getName().substring(self.getClass().getName().lastIndexOf('$') + 1));
        }
    }

    static final class WideAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.Argument(0) int a, @Advice.Argument(1) long b, @Advice.Argument(2) double c) {
            Sink.add("enter " + a + " " + b + " " + c);
            return b;
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned, @Advice.Argument(1) long b,
                         @Advice.Enter long start) {
            Sink.add("exit " + returned + " " + b + " start=" + start);
        }
    }

    static final class ThrowingAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            Sink.add("enter threw");
            throw new IllegalStateException("advice");
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter long start) {
            Sink.add("exit threw enter=" + start);
            throw new IllegalStateException("advice");
        }
    }

    static final class WritingAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(value = 0, readOnly = false) String name) {
            name = name + "!";
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Return(readOnly = false) String returned) {
            returned = returned + "?";
        }
    }

    static final class FieldAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.FieldValue("calls") int calls, @Advice.FieldValue("inherited") String inherited,
                         @Advice.FieldValue("NAME") String constant, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object r) {
            Sink.add("exit calls=" + calls + " inherited=" + inherited + " constant=" + constant + " return=" + r);
        }
    }

    static final class BranchingAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static String enter(@Advice.Argument(0) String name) {
            int sum = 0;
            for (int i = 0; i < name.length(); i++) {
                sum += name.charAt(i);
            }
            boolean caught = false;
            try {
                Integer.parseInt(name + "x");
            } catch (NumberFormatException e) {
                caught = true;
            }
            Sink.add("enter sum=" + sum + " caught=" + caught);
            return sum > 100 ? "long" : "short";
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter String kind) {
            switch (kind) {
                case "long":
                    Sink.add("exit long");
                    break;
                default:
                    Sink.add("exit short");
            }
        }
    }

    static final class ConstructorAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.FieldValue("calls") int calls) {
            Sink.add("constructed " + self.getClass().getName().substring(self.getClass().getName().lastIndexOf('$') + 1)
                    + " calls=" + calls);
        }
    }

    static final class ConstructingAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter() {
            Sink.add("constructing");
        }
    }

    static final class SkippingAdvice {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static String enter(@Advice.Argument(0) String name) {
            return name.equals("skip") ? "skipped" : null;
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter String skipped, @Advice.Return(readOnly = false) String returned) {
            Sink.add("exit " + skipped);
            if (skipped != null) {
                returned = skipped;
            }
        }
    }

    static final class SkippingWideAdvice {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static long enter(@Advice.Argument(1) long times) {
            return times == 4 ? times : 0L;
        }
    }

    @Test
    void argumentsOfTheAdviceMethodsAreReadOnce() {
        InlineAdvice inline = AdviceTransformer.inline(RecordingAdvice.class.getName());
        assertSame(inline, AdviceTransformer.inline(RecordingAdvice.class.getName()), "read once for the JVM");
        assertArrayEquals(new AdviceMethod.Binding[] {AdviceMethod.Binding.ARGUMENT, AdviceMethod.Binding.ENTER,
                AdviceMethod.Binding.THIS, AdviceMethod.Binding.RETURN, AdviceMethod.Binding.THROWN},
                Stream.of(inline.exit.parameters).map(p -> p.binding).toArray());
    }
}

package dev.vitals.agent.instrumentation;

import com.example.transformed.Later;
import com.example.transformed.Rejected;
import com.example.transformed.Worker;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import org.junit.jupiter.api.Test;

import java.lang.instrument.ClassDefinition;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's transformer: which classes it changes, with what, and how it retransforms the classes loaded before it. */
class AgentTransformerTest {
    private static final String ADVICE = AdviceTransformerTest.TargetAdvice.class.getName();
    private static final ClassLoader LOADER = AgentTransformerTest.class.getClassLoader();

    @Test
    void everyMatchingRuleIsAppliedInOrderAndNothingElseIsTransformed() throws Exception {
        List<String> applied = new ArrayList<>();
        Transformations transformations = Transformations.empty()
                .type(named(Worker.class.getName()))
                .transform(recording("first", applied))
                .transform(Instrumentations.advice().advice(named("work"), ADVICE))
                .type(named(Later.class.getName()))
                .transform(recording("other type", applied))
                .type(namedOneOf(Worker.class.getName(), Later.class.getName()))
                .transform(recording("second", applied));
        Recording listener = new Recording();
        AgentTransformer transformer = new AgentTransformer(transformations, new FakeInstrumentation(), listener);

        byte[] original = classFile(Worker.class);
        byte[] transformed = transform(transformer, Worker.class, original);
        assertNotNull(transformed, "a matched class is transformed");
        assertFalse(Arrays.equals(original, transformed), "the advice was applied");
        assertEquals(Arrays.asList("first", "second"), applied, "both matching rules, in order; not the other type's");
        assertEquals(Collections.singletonList(Worker.class.getName()), listener.transformed);

        assertNull(transform(transformer, Rejected.class, classFile(Rejected.class)), "no rule matches: unchanged");
        assertNull(transformer.transform(null, LOADER, "dev/vitals/agent/Example", null, null, original),
                "ignored families are not even described");
        assertTrue(listener.errors.isEmpty(), listener.errors.toString());
    }

    @Test
    void aLoadingClassTakenByNameIsWovenFromItsClassFileWithoutAnyDescription() {
        ClassLoader loader = new ClassLoader(LOADER) {
        };
        Recording listener = new Recording();
        AgentTransformer transformer = workerByName(InlineAdviceTest.RecordingAdvice.class.getName(), listener);
        byte[] original = classFile(Worker.class);

        byte[] woven = transformLoading(transformer, loader, Worker.class, original);
        assertNotNull(woven, "advised");
        assertFalse(TypePools.INSTANCE.cached(loader), "no type pool was made for the class's loader: nothing described");
        assertEquals(List.of(Worker.class.getName()), listener.transformed);

        // Outside the gate (its bytes not with TypeIndex), the class is described by Byte Buddy: the same bytes.
        assertArrayEquals(woven, transform(transformer, loader, Worker.class, original));
        assertTrue(TypePools.INSTANCE.cached(loader), "described this time");
        assertTrue(listener.errors.isEmpty(), listener.errors.toString());
    }

    @Test
    void aLoadingClassIsDescribedWhenItsAdviceNeedsByteBuddy() {
        ClassLoader loader = new ClassLoader(LOADER) {
        };
        Recording listener = new Recording();
        AgentTransformer transformer = workerByName(ADVICE, listener);

        assertNotNull(transformLoading(transformer, loader, Worker.class, classFile(Worker.class)));
        assertTrue(TypePools.INSTANCE.cached(loader), "@Origin is Byte Buddy's: the class was described");
        assertEquals(List.of(Worker.class.getName()), listener.transformed);
    }

    @Test
    void aClassLoadedWhileTransformingOnTheSameThreadPassesUntransformed() throws Exception {
        byte[][] nested = new byte[1][];
        AgentTransformer[] self = new AgentTransformer[1];
        Transformations transformations = Transformations.empty()
                .type((type, loader, module, redefined, domain) -> {
                    if (type.getName().equals(Worker.class.getName())) {
                        // As if matching loaded another class: the JVM hands it to the transformer on this thread.
                        nested[0] = transform(self[0], Later.class, classFile(Later.class));
                    }
                    return true;
                })
                .transform(Instrumentations.advice().advice(named("work"), ADVICE));
        Recording listener = new Recording();
        self[0] = new AgentTransformer(transformations, new FakeInstrumentation(), listener);

        assertNotNull(transform(self[0], Worker.class, classFile(Worker.class)));
        assertNull(nested[0], "the nested class load passes through");
        assertNotNull(transform(self[0], Later.class, classFile(Later.class)), "on its own, the same class is transformed");
        assertEquals(Arrays.asList(Worker.class.getName(), Later.class.getName()), listener.transformed);
    }

    @Test
    void aFailingTransformationLeavesTheClassUnchangedAndIsReported() throws Exception {
        Transformations transformations = Transformations.empty()
                .type(named(Worker.class.getName()))
                .transform((methods, type, loader, module, domain) -> {
                    throw new IllegalStateException("broken");
                });
        Recording listener = new Recording();
        AgentTransformer transformer = new AgentTransformer(transformations, new FakeInstrumentation(), listener);

        assertNull(transform(transformer, Worker.class, classFile(Worker.class)));
        assertEquals(Collections.singletonList(Worker.class.getName()), listener.errors);
        assertTrue(listener.transformed.isEmpty());
    }

    @Test
    void aClassOfANamedModuleIsGivenAReadEdgeToTheBootstrapClasses() throws Exception {
        FakeInstrumentation inst = new FakeInstrumentation();
        AgentTransformer transformer = new AgentTransformer(Transformations.empty()
                .type(named(Worker.class.getName()))
                .transform(Instrumentations.advice().advice(named("work"), ADVICE)), inst, new Recording());
        Module named = java.net.http.HttpClient.class.getModule();
        Module bootstrap = dev.vitals.bootstrap.CallDepth.class.getModule();
        assertFalse(named.canRead(bootstrap), "the test needs a module that cannot read the bootstrap classes yet");

        assertNotNull(transformer.transform(named, LOADER, Worker.class.getName().replace('.', '/'), null, null,
                classFile(Worker.class)));
        assertEquals(1, inst.readEdges.size());
        assertSame(named, inst.readEdges.get(0)[0]);
        assertSame(bootstrap, inst.readEdges.get(0)[1]);

        transformer.transform(LOADER.getUnnamedModule(), LOADER, Worker.class.getName().replace('.', '/'), null, null,
                classFile(Worker.class));
        assertEquals(1, inst.readEdges.size(), "an unnamed module reads every module already");
    }

    @Test
    void loadedClassesAreRetransformedInBatchesUntilNoNewClassTurnsUp() {
        FakeInstrumentation inst = new FakeInstrumentation();
        // The second discovery finds a class loaded while the first round was retransformed.
        inst.loadedRounds.add(new Class<?>[] {Worker.class, String.class, Rejected.class, AgentTransformerTest.class});
        inst.loadedRounds.add(new Class<?>[] {Worker.class, String.class, Rejected.class, Later.class});
        inst.rejected = Rejected.class;
        Recording listener = new Recording();
        AgentTransformer transformer = new AgentTransformer(Transformations.empty()
                .type(namedOneOf(Worker.class.getName(), Rejected.class.getName(), Later.class.getName(),
                        String.class.getName(), AgentTransformerTest.class.getName()))
                .transform(Instrumentations.advice().advice(named("work"), ADVICE)), inst, listener);

        transformer.installOn(inst);

        assertSame(transformer, inst.registered, "registered, able to retransform");
        assertEquals(3, inst.discoveries, "discovery repeats until a round finds no new class");
        List<List<Class<?>>> expected = Arrays.asList(
                Arrays.<Class<?>>asList(Worker.class, Rejected.class), // the JDK and the agent are ignored families
                Collections.<Class<?>>singletonList(Worker.class), // the batch failed: one by one
                Collections.<Class<?>>singletonList(Rejected.class),
                Collections.<Class<?>>singletonList(Later.class));
        assertEquals(expected, inst.retransformed);
        assertEquals(Collections.singletonList(Rejected.class.getName()), listener.errors, "the class the JVM rejected");
    }

    @Test
    void eachLoadedClassIsExaminedOnceHoweverManyDiscoveriesReportIt() {
        FakeInstrumentation inst = new FakeInstrumentation();
        // An application still loading classes: each discovery reports every class loaded so far.
        inst.loadedRounds.add(new Class<?>[] {Worker.class, Rejected.class});
        inst.loadedRounds.add(new Class<?>[] {Worker.class, Rejected.class, Later.class});
        CandidateTypes candidates = CandidateTypes.record();
        AllButRejected header = CandidateTypes.byHeader(new AllButRejected());
        CandidateTypes.stopRecording();
        Recording listener = new Recording();
        AgentTransformer transformer = new AgentTransformer(Transformations.empty().type(header)
                .transform(Instrumentations.advice().advice(named("work"), ADVICE)), inst, listener);

        transformer.installOn(inst, candidates);

        assertEquals(3, inst.discoveries, "until a discovery finds no new candidate");
        assertEquals(Map.of(Worker.class.getName(), 1, Rejected.class.getName(), 1, Later.class.getName(), 1),
                header.asked, "each class examined once, in the first discovery that reported it");
        assertEquals(Arrays.asList(Collections.<Class<?>>singletonList(Worker.class),
                Collections.<Class<?>>singletonList(Later.class)), inst.retransformed, "candidates only");
    }

    @Test
    void aLoadedClassTakenByItsHeaderIsRetransformedAndWovenFromItsClassFileWithoutAnyDescription() {
        FakeInstrumentation inst = new FakeInstrumentation();
        inst.loadedRounds.add(new Class<?>[] {Worker.class, Rejected.class, Later.class});
        CandidateTypes candidates = CandidateTypes.record();
        AllButRejected header = CandidateTypes.byHeader(new AllButRejected());
        // A rule only a description answers (a name prefix and a supertype, as the Apache HttpClient ones): it may
        // take Later, never Worker.
        ElementMatcher.Junction<TypeDescription> described = CandidateTypes.nameStartsWith(Later.class.getName())
                .and(ElementMatchers.any());
        CandidateTypes.stopRecording();
        Recording listener = new Recording();
        AgentTransformer transformer = new AgentTransformer(Transformations.empty()
                .type(header)
                .transform(Instrumentations.advice().advice(MethodMatcher.named("work"),
                        InlineAdviceTest.RecordingAdvice.class.getName()))
                .type(described)
                .transform(recording("described", new ArrayList<>())), inst, listener);

        transformer.installOn(inst, candidates);
        assertEquals(List.of(List.of(Worker.class, Later.class)), inst.retransformed, "the candidates, and only they");
        assertEquals(1, header.described, "Worker decided by its header, without a description; Later described,"
                + " as a rule that needs a description may take it");

        // The JVM then hands the transformer the loaded class's class file, through the gate as any class.
        ClassLoader loader = new ClassLoader(LOADER) {
        };
        byte[] original = classFile(Worker.class);
        byte[] retransformed = transformRetransforming(transformer, loader, Worker.class, original);
        assertNotNull(retransformed, "advised");
        assertFalse(TypePools.INSTANCE.cached(loader), "no type pool was made for the class's loader: nothing described");
        assertEquals(1, header.described, "no description of Worker at all");
        assertEquals(List.of(Worker.class.getName()), listener.retransformed, "reported as a retransformation");
        assertArrayEquals(transformLoading(transformer, loader, Worker.class, original), retransformed,
                "woven as it would be while loading");
        assertTrue(listener.errors.isEmpty(), listener.errors.toString());
    }

    /** Takes every class but {@link Rejected}, from its name; counts how often each class is asked about. */
    static final class AllButRejected implements Transformations.RawMatcher, CandidateTypes.HeaderMatcher {
        final Map<String, Integer> asked = new java.util.HashMap<>();
        /** How often a description was asked about instead. */
        int described;

        @Override
        public boolean mayMatch(String name, ClassLoader loader) {
            asked.merge(name, 1, Integer::sum);
            return !name.equals(Rejected.class.getName());
        }

        @Override
        public boolean matches(net.bytebuddy.description.type.TypeDescription type, ClassLoader loader, Module module,
                               Class<?> classBeingRedefined, java.security.ProtectionDomain protectionDomain) {
            described++;
            return !type.getName().equals(Rejected.class.getName());
        }
    }

    private static Transformations.Transformer recording(String name, List<String> applied) {
        return (methods, type, loader, module, domain) -> {
            applied.add(name);
            return methods;
        };
    }

    private static byte[] transform(AgentTransformer transformer, Class<?> type, byte[] bytes) {
        return transform(transformer, LOADER, type, bytes);
    }

    private static byte[] transform(AgentTransformer transformer, ClassLoader loader, Class<?> type, byte[] bytes) {
        return transformer.transform(null, loader, type.getName().replace('.', '/'), null, null, bytes);
    }

    /** {@code adviceClass} on {@code Worker.work}, the type taken by name as the modules take theirs. */
    private static AgentTransformer workerByName(String adviceClass, Recording listener) {
        return new AgentTransformer(Transformations.empty()
                .type(CandidateTypes.named(Worker.class.getName()))
                .transform(Instrumentations.advice().advice(MethodMatcher.named("work"), adviceClass)),
                new FakeInstrumentation(), listener);
    }

    /** As the start-up gate hands a loading class on: its bytes with {@link TypeIndex}. */
    private static byte[] transformLoading(AgentTransformer transformer, ClassLoader loader, Class<?> type, byte[] bytes) {
        return throughGate(transformer, loader, type, null, bytes);
    }

    /** As the JVM retransforms a loaded class through the start-up gate: its class file with {@link TypeIndex}. */
    private static byte[] transformRetransforming(AgentTransformer transformer, ClassLoader loader, Class<?> type,
                                                  byte[] bytes) {
        return throughGate(transformer, loader, type, type, bytes);
    }

    private static byte[] throughGate(AgentTransformer transformer, ClassLoader loader, Class<?> type, Class<?> redefined,
                                      byte[] bytes) {
        String internalName = type.getName().replace('.', '/');
        Object outer = TypeIndex.begin(internalName, bytes);
        try {
            return transformer.transform(null, loader, internalName, redefined, null, bytes);
        } finally {
            TypeIndex.end(outer);
        }
    }

    private static byte[] classFile(Class<?> type) {
        try {
            return ClassFileLocator.ForClassLoader.read(type);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Recording implements AgentTransformer.Listener {
        final List<String> transformed = new ArrayList<>();
        /** Of {@link #transformed}, the classes that were retransformed. */
        final List<String> retransformed = new ArrayList<>();
        final List<String> errors = new ArrayList<>();

        @Override
        public void onTransformation(String typeName, ClassLoader loader, boolean loaded) {
            transformed.add(typeName);
            if (loaded) {
                retransformed.add(typeName);
            }
        }

        @Override
        public void onError(String typeName, ClassLoader loader, boolean loaded, Throwable error) {
            errors.add(typeName);
        }
    }

    /**
     * The JVM's side as the transformer uses it: loaded classes (one array per discovery, the last repeated),
     * retransformation requests recorded (a request with {@link #rejected} fails, as the JVM fails a whole batch),
     * read edges recorded.
     */
    private static final class FakeInstrumentation implements Instrumentation {
        final List<Class<?>[]> loadedRounds = new ArrayList<>();
        final List<List<Class<?>>> retransformed = new ArrayList<>();
        final List<Object[]> readEdges = new ArrayList<>();
        Class<?> rejected;
        ClassFileTransformer registered;
        int discoveries;

        @Override
        public void addTransformer(ClassFileTransformer transformer, boolean canRetransform) {
            assertTrue(canRetransform);
            registered = transformer;
        }

        @Override
        public void addTransformer(ClassFileTransformer transformer) {
            throw new AssertionError("registered without retransformation");
        }

        @Override
        public boolean removeTransformer(ClassFileTransformer transformer) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isRetransformClassesSupported() {
            return true;
        }

        @Override
        public void retransformClasses(Class<?>... classes) throws UnmodifiableClassException {
            retransformed.add(Arrays.asList(classes));
            if (Arrays.asList(classes).contains(rejected)) {
                throw new UnmodifiableClassException(rejected.getName());
            }
        }

        @Override
        public boolean isRedefineClassesSupported() {
            return false;
        }

        @Override
        public void redefineClasses(ClassDefinition... definitions) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isModifiableClass(Class<?> theClass) {
            return !theClass.isPrimitive() && !theClass.isArray();
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Class[] getAllLoadedClasses() {
            discoveries++;
            return loadedRounds.isEmpty() ? new Class<?>[0] : loadedRounds.get(Math.min(discoveries, loadedRounds.size()) - 1);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Class[] getInitiatedClasses(ClassLoader loader) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long getObjectSize(Object objectToSize) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void appendToBootstrapClassLoaderSearch(JarFile jarfile) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void appendToSystemClassLoaderSearch(JarFile jarfile) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isNativeMethodPrefixSupported() {
            return false;
        }

        @Override
        public void setNativeMethodPrefix(ClassFileTransformer transformer, String prefix) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void redefineModule(Module module, Set<Module> extraReads, Map<String, Set<Module>> extraExports,
                                   Map<String, Set<Module>> extraOpens, Set<Class<?>> extraUses,
                                   Map<Class<?>, List<Class<?>>> extraProvides) {
            assertEquals(1, extraReads.size());
            assertTrue(extraExports.isEmpty() && extraOpens.isEmpty() && extraUses.isEmpty() && extraProvides.isEmpty());
            readEdges.add(new Object[] {module, extraReads.iterator().next()});
        }

        @Override
        public boolean isModifiableModule(Module module) {
            return true;
        }
    }
}

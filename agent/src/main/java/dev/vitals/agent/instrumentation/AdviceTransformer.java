package dev.vitals.agent.instrumentation;

import dev.vitals.agent.log.Log;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Applies advice classes of this agent to the methods they match. Advice with the default bindings is inlined by the
 * agent's own weaver ({@link InlineAdvice}), which reads each advice class once for the whole JVM; the rest (custom
 * bindings, shapes that weaver leaves alone) goes through Byte Buddy's {@link Advice}, like Byte Buddy's
 * {@code AgentBuilder.Transformer.ForAdvice}, but built once per class loader instead of once per transformed type. {@code ForAdvice} reads the advice class's bytes again from the agent's jar, describes it and
 * parses its methods with ASM for every type it transforms, which was most of a transformation's cost.
 *
 * <p>An advice is built against the type pool of the class loader of the type it is applied to, as before, because
 * its methods name that loader's types (a servlet request, a JDBC statement) and the advice checks them against the
 * instrumented method's. The built advice is kept per loader, loaders held weakly: the advice keeps its type
 * descriptions, whose pool reads class files through a locator that holds the loader weakly too (see
 * {@link TypePools}), so a cached advice never keeps an application's loader alive. Exceptions thrown by advice are
 * suppressed, as they were.
 */
public final class AdviceTransformer implements Transformations.Transformer {
    /**
     * Byte Buddy's default bindings, shared so that their advice is built once per class loader. A lambda, not a method
     * reference: linking a reference to {@code Advice} would load that large class at install.
     */
    static final Bindings DEFAULT_BINDINGS = new Bindings(() -> Advice.withCustomMapping());
    private static final Object BOOT = new Object();
    /** Per class loader (weakly): the advice built for it by Byte Buddy, by advice class and bindings. */
    private static final Map<Object, Map<Key, Advice>> BUILT = Collections.synchronizedMap(new WeakHashMap<>());
    /** Whether advice with default bindings is inlined by the agent's own weaver ({@code instrumentation.weaver}). */
    private static volatile boolean inlining = true;
    /** The advice classes with default bindings read for the agent's own weaver, for every loader at once. */
    private static final Map<String, InlineAdvice> INLINE = new ConcurrentHashMap<>();
    /** Reads the advice classes' bytes: they live in the agent's own loader, which the target loader cannot see. */
    private static final ClassFileLocator AGENT_CLASSES =
            ClassFileLocator.ForClassLoader.of(AdviceTransformer.class.getClassLoader());

    private final Bindings mapping;
    private final List<Entry> entries;

    AdviceTransformer(Bindings mapping) {
        this(mapping, Collections.emptyList());
    }

    private AdviceTransformer(Bindings mapping, List<Entry> entries) {
        this.mapping = mapping;
        this.entries = entries;
    }

    /** This transformer, also applying the advice class named {@code adviceClass} to the methods {@code methods} matches. */
    public AdviceTransformer advice(MethodMatcher methods, String adviceClass) {
        return with(new Entry(methods.asByteBuddy(), methods, new Key(mapping, adviceClass)));
    }

    /**
     * Like {@link #advice(MethodMatcher, String)}, for methods only Byte Buddy's description of them can tell: a class
     * this transformer applies to is always described and woven by Byte Buddy.
     */
    public AdviceTransformer advice(ElementMatcher<? super MethodDescription> methods, String adviceClass) {
        return with(new Entry(methods, null, new Key(mapping, adviceClass)));
    }

    /** The advice classes this transformer applies, by name, in order: for tests. */
    List<String> adviceClasses() {
        List<String> names = new ArrayList<>();
        for (Entry entry : entries) {
            names.add(entry.key.adviceClass);
        }
        return names;
    }

    private AdviceTransformer with(Entry entry) {
        List<Entry> more = new ArrayList<>(entries);
        more.add(entry);
        return new AdviceTransformer(mapping, Collections.unmodifiableList(more));
    }

    /**
     * Adds to {@code visitor} the advice of every entry that takes the method, in order, each wrapping the ones before
     * (as Byte Buddy's {@code ForDeclaredMethods} does), from the class file's facts alone; returns {@code visitor} when
     * none does. Throws {@link ClassWeaver#NEEDS_BYTE_BUDDY} when an entry that takes the method can only be applied by
     * Byte Buddy: its matcher or bindings are Byte Buddy's, its advice is one the agent's weaver leaves to Byte Buddy, or
     * it does not bind here.
     */
    MethodVisitor weave(MethodVisitor visitor, String owner, int access, String name, String descriptor,
                        boolean hasFrames, Function<String, InlineAdvice.FieldRef> declaredFields) {
        for (Entry entry : entries) {
            if (entry.own == null) {
                throw ClassWeaver.NEEDS_BYTE_BUDDY;
            }
            if (!entry.own.matches(access, name, descriptor)) {
                continue;
            }
            InlineAdvice inline = inlining && entry.key.mapping == DEFAULT_BINDINGS ? inline(entry.key.adviceClass) : null;
            Map<AdviceMethod.Parameter, InlineAdvice.FieldRef> fields = inline == null ? null
                    : inline.bind(owner, access, name, descriptor, hasFrames, declaredFields);
            if (fields == null) {
                throw ClassWeaver.NEEDS_BYTE_BUDDY;
            }
            MatchCounters.adviceInlined();
            visitor = new InliningMethodVisitor(visitor, owner, (access & Opcodes.ACC_STATIC) != 0, descriptor,
                    inline.enter, inline.exit, fields);
        }
        return visitor;
    }

    @Override
    public AsmVisitorWrapper.ForDeclaredMethods transform(AsmVisitorWrapper.ForDeclaredMethods methods, TypeDescription type,
                                                          ClassLoader loader, Module module, ProtectionDomain protectionDomain) {
        boolean inlined = false;
        // Constructors too ("invokable"), as ForAdvice: some advice is applied to constructors.
        for (Entry entry : entries) {
            InlineAdvice inline = inlining && entry.key.mapping == DEFAULT_BINDINGS ? inline(entry.key.adviceClass) : null;
            if (inline != null && inline.supported()) {
                methods = methods.invokable(entry.methods, inline.orElse(() -> byteBuddyAdvice(entry.key, loader, module)));
                inlined = true;
            } else {
                methods = methods.invokable(entry.methods, byteBuddyAdvice(entry.key, loader, module));
            }
        }
        // The agent's weaver adds slots to every frame of an advised method: it needs them whole.
        return inlined ? methods.readerFlags(ClassReader.EXPAND_FRAMES) : methods;
    }

    /** At install: whether the agent's own weaver inlines the advice it can (else Byte Buddy's {@link Advice} does). */
    static void inline(boolean ownWeaver) {
        inlining = ownWeaver;
    }

    /** {@code adviceClass} read for the agent's own weaver, once. */
    static InlineAdvice inline(String adviceClass) {
        InlineAdvice inline = INLINE.get(adviceClass);
        if (inline == null) {
            inline = InlineAdvice.read(adviceClass, AGENT_CLASSES);
            if (!inline.supported()) {
                Log.debug("advice " + adviceClass + " is applied by Byte Buddy: " + inline.unsupported);
            }
            InlineAdvice raced = INLINE.putIfAbsent(adviceClass, inline);
            if (raced != null) {
                inline = raced;
            }
        }
        return inline;
    }

    /** Byte Buddy's advice for {@code key}, built for {@code loader} on first use. */
    private static Advice byteBuddyAdvice(Key key, ClassLoader loader, Module module) {
        Map<Key, Advice> built = builtFor(loader);
        Advice advice = built.get(key);
        if (advice == null) {
            advice = build(key, TypePools.INSTANCE.typePool(locator(loader, module), loader));
            // Built outside any lock: a loader's class lookups may load (and transform) classes on other threads.
            Advice raced = built.putIfAbsent(key, advice);
            if (raced != null) {
                advice = raced;
            }
        }
        return advice;
    }

    /** The agent's classes (the advice), then {@code loader}'s, which is held weakly. */
    static ClassFileLocator locator(ClassLoader loader, Module module) {
        return new ClassFileLocator.Compound(AGENT_CLASSES, ClassFileLocator.ForClassLoader.WeaklyReferenced.of(loader));
    }

    private static Map<Key, Advice> builtFor(ClassLoader loader) {
        Object key = loader == null ? BOOT : loader;
        synchronized (BUILT) {
            return BUILT.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
        }
    }

    /** The advice Byte Buddy built in {@code loader} for {@code adviceClass} with the default bindings, or null: for tests. */
    static Advice built(ClassLoader loader, String adviceClass) {
        return built(loader, adviceClass, DEFAULT_BINDINGS);
    }

    static Advice built(ClassLoader loader, String adviceClass, Bindings mapping) {
        Map<Key, Advice> built = BUILT.get(loader == null ? BOOT : loader);
        return built == null ? null : built.get(new Key(mapping, adviceClass));
    }

    private static Advice build(Key key, TypePool pool) {
        MatchCounters.adviceBuilt();
        return key.mapping.get().to(pool.describe(key.adviceClass).resolve(), AGENT_CLASSES)
                .withExceptionHandler(Advice.ExceptionHandler.Default.SUPPRESSING);
    }

    private static final class Entry {
        final ElementMatcher<? super MethodDescription> methods;
        /** The same matcher on the class file's facts, or null when it is only Byte Buddy's. */
        final MethodMatcher own;
        final Key key;

        Entry(ElementMatcher<? super MethodDescription> methods, MethodMatcher own, Key key) {
            this.methods = methods;
            this.own = own;
            this.key = key;
        }
    }

    /**
     * Advice bindings, made when first needed: making them initialises Byte Buddy's {@link Advice}, about 60 ms of CPU
     * at a start that the agent's own weaver does not need.
     */
    public static final class Bindings {
        private final Supplier<Advice.WithCustomMapping> make;
        private volatile Advice.WithCustomMapping made;

        public Bindings(Supplier<Advice.WithCustomMapping> make) {
            this.make = make;
        }

        Advice.WithCustomMapping get() {
            Advice.WithCustomMapping mapping = made;
            if (mapping == null) {
                mapping = make.get();
                made = mapping;
            }
            return mapping;
        }
    }

    /**
     * An advice class with the bindings it is built with (one module binds its own annotation). Bindings are
     * compared by identity: each is made once, at install, and hashing one walks all its bindings.
     */
    private static final class Key {
        final Bindings mapping;
        final String adviceClass;
        private final int hash;

        Key(Bindings mapping, String adviceClass) {
            this.mapping = mapping;
            this.adviceClass = adviceClass;
            this.hash = 31 * System.identityHashCode(mapping) + adviceClass.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).mapping == mapping && ((Key) o).adviceClass.equals(adviceClass);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}

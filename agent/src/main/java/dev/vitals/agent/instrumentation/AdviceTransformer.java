package dev.vitals.agent.instrumentation;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies advice classes of this agent to the methods they match, like Byte Buddy's
 * {@code AgentBuilder.Transformer.ForAdvice}, but builds each {@link Advice} once per class loader instead of once
 * per transformed type. {@code ForAdvice} reads the advice class's bytes again from the agent's jar, describes it and
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
     * Byte Buddy's default bindings, shared so that their advice is built once per class loader. Here, not in
     * {@link Instrumentations}: premain uses that class on the application's main thread, and this field alone loads
     * about 170 Byte Buddy classes.
     */
    static final Advice.WithCustomMapping DEFAULT_MAPPING = Advice.withCustomMapping();
    private static final Object BOOT = new Object();
    /** Per class loader (weakly): the advice built for it, by advice class and custom mapping. */
    private static final Map<Object, Map<Key, Advice>> BUILT = Collections.synchronizedMap(new WeakHashMap<>());
    /** Reads the advice classes' bytes: they live in the agent's own loader, which the target loader cannot see. */
    private static final ClassFileLocator AGENT_CLASSES =
            ClassFileLocator.ForClassLoader.of(AdviceTransformer.class.getClassLoader());

    private final Advice.WithCustomMapping mapping;
    private final List<Entry> entries;

    AdviceTransformer(Advice.WithCustomMapping mapping) {
        this(mapping, Collections.emptyList());
    }

    private AdviceTransformer(Advice.WithCustomMapping mapping, List<Entry> entries) {
        this.mapping = mapping;
        this.entries = entries;
    }

    /** This transformer, also applying the advice class named {@code adviceClass} to the methods {@code methods} matches. */
    public AdviceTransformer advice(ElementMatcher<? super MethodDescription> methods, String adviceClass) {
        List<Entry> more = new ArrayList<>(entries);
        more.add(new Entry(methods, new Key(mapping, adviceClass)));
        return new AdviceTransformer(mapping, Collections.unmodifiableList(more));
    }

    @Override
    public AsmVisitorWrapper.ForDeclaredMethods transform(AsmVisitorWrapper.ForDeclaredMethods methods, TypeDescription type,
                                                          ClassLoader loader, Module module, ProtectionDomain protectionDomain) {
        Map<Key, Advice> built = builtFor(loader);
        TypePool pool = null;
        // Constructors too ("invokable"), as ForAdvice: some advice is applied to constructors.
        for (Entry entry : entries) {
            Advice advice = built.get(entry.key);
            if (advice == null) {
                if (pool == null) {
                    pool = TypePools.INSTANCE.typePool(locator(loader, module), loader);
                }
                advice = build(entry.key, pool);
                // Built outside any lock: a loader's class lookups may load (and transform) classes on other threads.
                Advice raced = built.putIfAbsent(entry.key, advice);
                if (raced != null) {
                    advice = raced;
                }
            }
            methods = methods.invokable(entry.methods, advice);
        }
        return methods;
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

    /** The advice built in {@code loader} for {@code adviceClass} with the default bindings, or null: for tests. */
    static Advice built(ClassLoader loader, String adviceClass) {
        return built(loader, adviceClass, DEFAULT_MAPPING);
    }

    static Advice built(ClassLoader loader, String adviceClass, Advice.WithCustomMapping mapping) {
        Map<Key, Advice> built = BUILT.get(loader == null ? BOOT : loader);
        return built == null ? null : built.get(new Key(mapping, adviceClass));
    }

    private static Advice build(Key key, TypePool pool) {
        MatchCounters.adviceBuilt();
        return key.mapping.to(pool.describe(key.adviceClass).resolve(), AGENT_CLASSES)
                .withExceptionHandler(Advice.ExceptionHandler.Default.SUPPRESSING);
    }

    private static final class Entry {
        final ElementMatcher<? super MethodDescription> methods;
        final Key key;

        Entry(ElementMatcher<? super MethodDescription> methods, Key key) {
            this.methods = methods;
            this.key = key;
        }
    }

    /**
     * An advice class with the custom mapping it is built with (one module binds its own annotation). Mappings are
     * compared by identity: each is made once, at install, and hashing one walks all its bindings.
     */
    private static final class Key {
        final Advice.WithCustomMapping mapping;
        final String adviceClass;
        private final int hash;

        Key(Advice.WithCustomMapping mapping, String adviceClass) {
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

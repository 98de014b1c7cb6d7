package dev.vitals.agent.instrumentation;

import dev.vitals.agent.log.Log;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeInitializer;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies {@link Transformations} to classes as they load and, at install, to the classes loaded before: what Byte
 * Buddy's {@code AgentBuilder.Default} did for us, configured as the agent used it (class format unchanged, types
 * described through {@link TypePools}, every matching rule applied in order, retransformation with reiterated
 * discovery), without its set-up. The builder generated a subclass of its own transformer at install (212 ms on the
 * install's path, which a held server class waits for) and loaded about 800 Byte Buddy classes; registering this one
 * loads three Byte Buddy interfaces (for the verifier): its type pools, advice and ASM load when a candidate class is
 * first transformed (221 Byte Buddy classes at the start of an application that loads nothing to instrument, against
 * 814 with the agent builder). A loading or retransformed class that the rules take by name or header is woven from
 * its class file ({@link ClassWeaver}), never described; any other matched class is described and rewritten in one ASM
 * pass ({@link #rewrite}), not through Byte Buddy's type builder.
 *
 * <p>Never throws: a class that cannot be transformed loads unchanged and {@link Listener#onError} is told.
 */
public final class AgentTransformer implements ClassFileTransformer {
    /** Classes retransformed per call to the JVM; a batch that fails is retried one class at a time. */
    static final int BATCH = 100;
    /**
     * Set while this thread transforms a class: a class loaded meanwhile on the same thread (by a matcher, a type
     * pool or the advice) passes untransformed, as Byte Buddy's circularity lock lets it.
     */
    private static final ThreadLocal<Boolean> TRANSFORMING = new ThreadLocal<>();
    /** Returned by {@link #weaveFromClassFile} for a class that Byte Buddy must describe. */
    private static final byte[] BYTE_BUDDY = new byte[0];

    /** Told what happened to each class that matched a rule. */
    public interface Listener {
        /** {@code loaded}: the class was retransformed, not loading. */
        void onTransformation(String typeName, ClassLoader loader, boolean loaded);

        void onError(String typeName, ClassLoader loader, boolean loaded, Throwable error);
    }

    /** Counts transformations and logs failures once per type, rate-limited; the class then runs unchanged. */
    public static final Listener LOGGING = new Listener() {
        @Override
        public void onTransformation(String typeName, ClassLoader loader, boolean loaded) {
            MatchCounters.transformed(typeName, loader, loaded);
            if (Log.enabled(Log.Level.DEBUG)) {
                Log.debug("instrumented " + typeName);
            }
        }

        @Override
        public void onError(String typeName, ClassLoader loader, boolean loaded, Throwable error) {
            Log.warnRateLimited("transform:" + typeName, "could not instrument " + typeName
                    + "; it runs uninstrumented", error);
        }
    };

    private final Transformations.Rule[] rules;
    private final Instrumentation inst;
    private final Listener listener;
    /** The boot loader's unnamed module, where {@code dev.vitals.bootstrap} (which advice calls) lives. */
    private final Module bootstrap;

    /**
     * @param inst used to give named modules a read edge to the bootstrap classes, and to retransform
     */
    public AgentTransformer(Transformations transformations, Instrumentation inst, Listener listener) {
        this.rules = transformations.rules().toArray(new Transformations.Rule[0]);
        this.inst = inst;
        this.listener = listener;
        this.bootstrap = dev.vitals.bootstrap.CallDepth.class.getModule();
        // Initialised before the transformer is registered: the first check of every class, the agent's own among
        // them. Loaded later, its own loading would reach this transformer (or the gate) and load it again, nested.
        IgnoredTypes.ignored(AgentTransformer.class.getName());
    }

    /**
     * Registers this transformer (able to retransform) with {@code inst}, then retransforms the loaded classes it
     * matches, repeating the discovery until no new class turns up.
     */
    public void installOn(Instrumentation inst) {
        installOn(inst, null);
    }

    /** Like {@link #installOn(Instrumentation)}; of the loaded classes, only those {@code candidates} keeps are matched. */
    void installOn(Instrumentation inst, CandidateTypes candidates) {
        if (!inst.isRetransformClassesSupported()) {
            throw new IllegalStateException("the JVM cannot retransform classes: " + inst);
        }
        inst.addTransformer(this, true);
        retransformLoaded(inst, candidates);
    }

    /**
     * Retransforms the modifiable classes {@code inst} reports loaded that a rule matches, in batches. Discovery
     * repeats until it finds no candidate it has not seen, so a class whose loading raced the registration is not
     * missed. Each class is examined once, in the first discovery that reports it: an application that goes on
     * loading classes makes several discoveries, and each reports every class loaded so far.
     * Returns how many classes were handed to the JVM for retransformation.
     *
     * @param candidates what the installed modules may advise ({@link CandidateTypes#retransformCandidate}), or null
     *                   to match every loaded class
     */
    public int retransformLoaded(Instrumentation inst, CandidateTypes candidates) {
        Set<Class<?>> seen = new HashSet<>();
        int retransformed = 0;
        int kept = 0;
        int discoveries = 0;
        while (true) {
            List<Class<?>> matched = new ArrayList<>();
            boolean found = false;
            discoveries++;
            for (Class<?> type : inst.getAllLoadedClasses()) {
                if (type == null || !seen.add(type)) {
                    continue;
                }
                boolean candidate = candidates == null || candidates.retransformCandidate(type);
                if (!candidate && !MatchCounters.ENABLED) {
                    continue; // counting matches, Byte Buddy still matches it, to count what the candidates missed
                }
                found = true;
                kept += candidate ? 1 : 0;
                if (type.isArray() || type.isPrimitive() || type.getName().indexOf('/') >= 0
                        || !inst.isModifiableClass(type)) {
                    continue; // hidden classes (lambdas) are never modifiable; Byte Buddy skipped them too
                }
                if (candidate && candidates != null && keptByDecidingRule(type) || matchesLoaded(type)) {
                    matched.add(type);
                }
            }
            if (!found) {
                MatchCounters.retransformationCandidates(kept, seen.size());
                if (Log.enabled(Log.Level.DEBUG)) {
                    Log.debug("retransformation: " + discoveries + " discoveries of the loaded classes, " + seen.size()
                            + " classes examined, " + kept + " candidates, " + retransformed + " retransformed");
                }
                return retransformed;
            }
            retransform(inst, matched);
            retransformed += matched.size();
        }
    }

    /**
     * Whether a loaded class that the candidates keep was kept by a rule that decides from names and headers
     * ({@link CandidateTypes.HeaderMatcher#decides}): no rule that needs a description can take it (their name part
     * rejects it). It is then retransformed without a description, and the retransformation weaves it from its class
     * file like a loading class. Asked of the loaded class itself, a header matcher answers yes where it would need the
     * class file (the methods it declares, its constants): such a class is retransformed, and the transformation, which
     * has the class file, leaves it unchanged.
     */
    private boolean keptByDecidingRule(Class<?> type) {
        String name = type.getName();
        for (Transformations.Rule rule : rules) {
            if (rule.loading == null || !rule.loading.decides() && rule.loading.mayMatch(name, type.getClassLoader())) {
                return false;
            }
        }
        return true;
    }

    private boolean matchesLoaded(Class<?> type) {
        String name = type.getName();
        ClassLoader loader = type.getClassLoader();
        try {
            if (IgnoredTypes.ignored(name)) {
                return false;
            }
            Module module = type.getModule();
            ProtectionDomain domain = type.getProtectionDomain();
            try {
                return matches(TypeDescription.ForLoadedType.of(type), loader, module, type, domain);
            } catch (LinkageError | TypeNotPresentException unresolvable) {
                // A signature names a class that is missing: describe it from its class file instead.
                TypePool pool = TypePools.INSTANCE.typePool(MatchCounters.classFileLocator(loader), loader);
                return matches(pool.describe(name).resolve(), loader, module, null, domain);
            }
        } catch (Throwable t) {
            listener.onError(name, loader, true, t);
            return false;
        }
    }

    private boolean matches(TypeDescription type, ClassLoader loader, Module module, Class<?> redefined,
                            ProtectionDomain domain) {
        for (Transformations.Rule rule : rules) {
            if (rule.matcher.matches(type, loader, module, redefined, domain)) {
                return true;
            }
        }
        return false;
    }

    private void retransform(Instrumentation inst, List<Class<?>> types) {
        for (int from = 0; from < types.size(); from += BATCH) {
            List<Class<?>> batch = types.subList(from, Math.min(types.size(), from + BATCH));
            try {
                inst.retransformClasses(batch.toArray(new Class<?>[0]));
            } catch (Throwable batchFailed) {
                // The JVM retransforms a batch all or nothing: one class it rejects keeps the others back.
                for (Class<?> type : batch) {
                    try {
                        inst.retransformClasses(type);
                    } catch (Throwable t) {
                        listener.onError(type.getName(), type.getClassLoader(), true, t);
                    }
                }
            }
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null || TRANSFORMING.get() != null) {
            return null;
        }
        TRANSFORMING.set(Boolean.TRUE);
        String name = className.replace('/', '.');
        try {
            return describeAndTransform(module, loader, name, classBeingRedefined, protectionDomain, classfileBuffer);
        } catch (Throwable t) {
            try {
                listener.onError(name, loader, classBeingRedefined != null, t);
            } catch (Throwable ignored) {
                // never fail a class load
            }
            return null;
        } finally {
            TRANSFORMING.remove();
        }
    }

    private byte[] describeAndTransform(Module module, ClassLoader loader, String name, Class<?> redefined,
                                        ProtectionDomain domain, byte[] bytes) throws Exception {
        if (IgnoredTypes.ignored(name)) {
            return null;
        }
        // A retransformed class too: the JVM hands over its class file as it was first defined.
        byte[] woven = weaveFromClassFile(module, loader, name, redefined != null, bytes);
        if (woven != BYTE_BUDDY) {
            return woven;
        }
        // The class's own bytes first (as the JVM hands them, possibly changed by another agent), then its loader's.
        ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, bytes),
                MatchCounters.classFileLocator(loader));
        TypePool pool = TypePools.INSTANCE.typePool(locator, loader, name);
        boolean loaded = redefined != null;
        if (!loaded) {
            return transform(pool.describe(name).resolve(), bytes, module, loader, null, domain, pool, false);
        }
        try {
            // A loaded class is described by reflection, as Byte Buddy did: its supertypes are loaded already.
            return transform(TypeDescription.ForLoadedType.of(redefined), bytes, module, loader, redefined, domain, pool,
                    true);
        } catch (LinkageError | TypeNotPresentException unresolvable) {
            return transform(pool.describe(name).resolve(), bytes, module, loader, null, domain, pool, true);
        }
    }

    /**
     * A loading or retransformed ({@code loaded}) class matched by name and header and woven from its class file
     * ({@link ClassWeaver}), never described: the woven bytes, null when no rule takes it or no method is advised, or
     * {@link #BYTE_BUDDY} when it must be matched or woven through Byte Buddy's description (a rule that only a
     * description answers takes it or may take it, or its advice needs Byte Buddy).
     */
    private byte[] weaveFromClassFile(Module module, ClassLoader loader, String name, boolean loaded, byte[] bytes) {
        if (!TypeIndex.isLoading(name, bytes)) {
            return BYTE_BUDDY; // the header matchers read the class's bytes through TypeIndex only
        }
        List<AdviceTransformer> transformers = null;
        for (Transformations.Rule rule : rules) {
            if (rule.loading == null) {
                return BYTE_BUDDY;
            }
            if (!rule.loading.mayMatch(name, loader)) {
                continue;
            }
            if (!rule.loading.decides()) {
                return BYTE_BUDDY;
            }
            for (Transformations.Transformer transformer : rule.transformers) {
                if (!(transformer instanceof AdviceTransformer)) {
                    return BYTE_BUDDY;
                }
                if (transformers == null) {
                    transformers = new ArrayList<>();
                }
                transformers.add((AdviceTransformer) transformer);
            }
        }
        if (transformers == null) {
            // Counting matches, Byte Buddy still describes every class, to count those the name and header missed.
            return MatchCounters.ENABLED ? BYTE_BUDDY : null;
        }
        byte[] woven;
        try {
            // The reader the matchers built, if one read past the class's constants; else one built now.
            woven = ClassWeaver.weave(bytes, TypeIndex.readerOfLoading(name, bytes), transformers);
        } catch (RuntimeException needsByteBuddy) {
            if (needsByteBuddy != ClassWeaver.NEEDS_BYTE_BUDDY) {
                throw needsByteBuddy;
            }
            return BYTE_BUDDY;
        }
        if (woven != null) {
            assureReadEdge(module);
            listener.onTransformation(name, loader, loaded);
        }
        return woven;
    }

    private byte[] transform(TypeDescription type, byte[] classFile, Module module, ClassLoader loader, Class<?> redefined,
                             ProtectionDomain domain, TypePool pool, boolean loaded) {
        List<Transformations.Transformer> transformers = null;
        for (Transformations.Rule rule : rules) {
            if (rule.matcher.matches(type, loader, module, redefined, domain)) {
                if (transformers == null) {
                    transformers = new ArrayList<>();
                }
                transformers.addAll(rule.transformers);
            }
        }
        if (transformers == null) {
            return null;
        }
        AsmVisitorWrapper.ForDeclaredMethods methods = new AsmVisitorWrapper.ForDeclaredMethods();
        for (Transformations.Transformer transformer : transformers) {
            methods = transformer.transform(methods, type, loader, module, domain);
        }
        byte[] transformed = rewrite(type, classFile, methods, pool);
        assureReadEdge(module);
        listener.onTransformation(type.getName(), loader, loaded);
        return transformed;
    }

    /**
     * {@code classFile} with {@code methods}' visitors (advice) applied to the methods it declares, through one ASM
     * pass that copies everything else, the constant pool first. This is what Byte Buddy's {@code decorate} did for
     * advice, with the class format unchanged and no implementation context (advice adds no members), without its
     * type builder: that built a method registry and method graph for each class, and loaded about 250 more Byte
     * Buddy classes at the first transformation, on an application thread.
     */
    static byte[] rewrite(TypeDescription type, byte[] classFile, AsmVisitorWrapper methods, TypePool pool) {
        int writerFlags = methods.mergeWriter(AsmVisitorWrapper.NO_FLAGS);
        int readerFlags = methods.mergeReader(AsmVisitorWrapper.NO_FLAGS);
        if ((writerFlags & ClassWriter.COMPUTE_FRAMES) != 0) {
            // Would need the type pool to find common superclasses: no advice of this agent asks for it.
            throw new IllegalStateException("computing frames is not supported: " + type.getName());
        }
        ClassReader reader = OpenedClassReader.of(classFile);
        ClassWriter writer = new ClassWriter(reader, writerFlags);
        ClassFileVersion version = ClassFileVersion.ofClassFile(classFile);
        // As Byte Buddy's type writer chooses it. A disabled context names no auxiliary type: no naming strategy.
        Implementation.Context.FrameGeneration frames = version.isLessThan(ClassFileVersion.JAVA_V6)
                ? Implementation.Context.FrameGeneration.DISABLED
                : (readerFlags & ClassReader.EXPAND_FRAMES) != 0 ? Implementation.Context.FrameGeneration.EXPAND
                : Implementation.Context.FrameGeneration.GENERATE;
        Implementation.Context.ExtractableView context = Implementation.Context.Disabled.Factory.INSTANCE.make(type,
                null, TypeInitializer.None.INSTANCE, version, version, frames);
        reader.accept(methods.wrap(type, writer, context, pool, type.getDeclaredFields(), type.getDeclaredMethods(),
                writerFlags, readerFlags), readerFlags);
        return writer.toByteArray();
    }

    /**
     * Advice inlined into a class of a named module (java.base, java.net.http) calls {@code dev.vitals.bootstrap}, in
     * the boot loader's unnamed module, which a named module cannot read unless told to.
     */
    private void assureReadEdge(Module module) {
        if (module != null && module.isNamed() && !module.canRead(bootstrap)) {
            inst.redefineModule(module, Collections.singleton(bootstrap), Collections.emptyMap(),
                    Collections.emptyMap(), Collections.emptySet(), Collections.emptyMap());
        }
    }

    /** The rules' count (for tests). */
    int rules() {
        return rules.length;
    }
}

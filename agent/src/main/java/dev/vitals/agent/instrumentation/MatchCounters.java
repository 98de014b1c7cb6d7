package dev.vitals.agent.instrumentation;

import dev.vitals.agent.log.Log;
import net.bytebuddy.dynamic.ClassFileLocator;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.LongAdder;

/**
 * How much work type matching does, for the start-up guard test and for anyone asking why a start is slow: classes
 * handed to the transformer, class files read by {@link TypeIndex}, types it had to describe through Byte Buddy,
 * and class files Byte Buddy itself located (for the classes it transforms).
 *
 * <p>Off unless the JVM runs with {@code -Ddev.vitals.debug.matching=true}: then the counts are logged when the JVM
 * exits, as {@code matching: classes=... lookups=... described=... located=... seen=... missed=... adviceBuilt=...
 * adviceInlined=... methodsParsed=... constantPools=... loaderResources=... constantWalks=...}: {@code seen} classes
 * passed the ignored package families, {@code classes} of them reached Byte Buddy as candidates, and {@code missed}
 * counts classes kept from Byte Buddy that it would have transformed (always 0 unless a module names a type
 * without {@link CandidateTypes}); {@code adviceBuilt} counts advice classes read and parsed, once per class loader
 * they are applied in by Byte Buddy ({@link AdviceTransformer}), {@code adviceInlined} the methods the agent's own
 * weaver advised instead ({@link InlineAdvice}); {@code methodsParsed} counts class files whose methods were parsed
 * to see whether one is advised ({@link TypeIndex#declaresOfLoading}), {@code constantPools} loading classes a
 * class reader was built for (once per class however many matchers ask; not for a class rejected on its constants), {@code loaderResources}
 * the resources class loaders were asked for to learn whether they see a library ({@link LoaderSees}), {@code
 * constantWalks} the walks of loading classes' constant pools for the constants the header matchers look for. Off, every
 * count is a test of a constant that the JIT removes, and Byte Buddy's class file locator is not wrapped.
 */
public final class MatchCounters {
    static final boolean ENABLED = Boolean.getBoolean("dev.vitals.debug.matching");
    private static final LongAdder SEEN = new LongAdder();
    private static final LongAdder CLASSES = new LongAdder();
    private static final LongAdder MISSED = new LongAdder();
    private static final LongAdder LOOKUPS = new LongAdder();
    private static final LongAdder DESCRIBED = new LongAdder();
    private static final LongAdder LOCATED = new LongAdder();
    private static final LongAdder TRANSFORMED = new LongAdder();
    private static final LongAdder ADVICE_BUILT = new LongAdder();
    private static final LongAdder ADVICE_INLINED = new LongAdder();
    private static final LongAdder METHODS_PARSED = new LongAdder();
    private static final LongAdder CONSTANT_POOLS = new LongAdder();
    private static final LongAdder LOADER_RESOURCES = new LongAdder();
    private static final LongAdder CONSTANT_WALKS = new LongAdder();
    private static final LongAdder MATCHED_NANOS = new LongAdder();
    private static final LongAdder KEPT_NANOS = new LongAdder();
    private static final LongAdder TRANSFORMED_NANOS = new LongAdder();
    private static final LongAdder LOADED = new LongAdder();
    private static final LongAdder LOADED_KEPT = new LongAdder();
    /** Classes left out of the retransformation at install, by name and loader, to count one retransformed anyway. */
    private static final java.util.Set<String> LEFT_OUT = ENABLED ? java.util.concurrent.ConcurrentHashMap.newKeySet() : null;
    private static final ThreadMXBean THREADS = ENABLED ? ManagementFactory.getThreadMXBean() : null;

    static {
        if (ENABLED) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> Log.info(line()), "vitals-matching"));
        }
    }

    private MatchCounters() {
    }

    /** The calling thread's CPU time in nanoseconds when counting, else 0. */
    static long start() {
        return ENABLED ? THREADS.getCurrentThreadCpuTime() : 0L;
    }

    /**
     * A class went through the gate, which took the CPU time since {@code started}. Not a {@code candidate}: it was
     * kept from Byte Buddy; when counting, Byte Buddy is asked anyway, and a transformation it would have made is
     * counted as missed (and made, so counting never changes what is instrumented).
     */
    static void classSeen(long started, boolean candidate, boolean transformed) {
        if (ENABLED) {
            SEEN.increment();
            if (!candidate) {
                if (transformed) {
                    MISSED.increment();
                }
                return;
            }
            CLASSES.increment();
            long spent = THREADS.getCurrentThreadCpuTime() - started;
            (transformed ? TRANSFORMED_NANOS : MATCHED_NANOS).add(spent);
            if (transformed) {
                TRANSFORMED.increment();
            }
        }
    }

    /** A class was kept from Byte Buddy, deciding which took the CPU time since {@code started}. */
    static void keptFromByteBuddy(long started) {
        if (ENABLED) {
            KEPT_NANOS.add(THREADS.getCurrentThreadCpuTime() - started);
        }
    }

    /**
     * Of {@code all} classes loaded before the install, {@code kept} were handed to Byte Buddy's retransformation
     * (the last of the discovery's rounds is logged).
     */
    static void retransformationCandidates(int kept, int all) {
        if (ENABLED) {
            LOADED_KEPT.reset();
            LOADED_KEPT.add(kept);
            LOADED.reset();
            LOADED.add(all);
        }
    }

    static void leftOutOfRetransformation(Class<?> type) {
        LEFT_OUT.add(key(type.getName(), type.getClassLoader()));
    }

    /** A class was transformed; one that was loaded (retransformed) although left out of the candidates is missed. */
    static void transformed(String name, ClassLoader loader, boolean loaded) {
        if (ENABLED && loaded && LEFT_OUT.contains(key(name, loader))) {
            MISSED.increment();
        }
    }

    private static String key(String name, ClassLoader loader) {
        return name + "@" + System.identityHashCode(loader);
    }

    static void lookup() {
        count(LOOKUPS);
    }

    static void description() {
        count(DESCRIBED);
    }

    /** An advice class was read and parsed into an {@code Advice} (once per class loader it is applied in). */
    static void adviceBuilt() {
        count(ADVICE_BUILT);
    }

    /** Advice was inlined into a method by the agent's own weaver ({@link InlineAdvice}), not by Byte Buddy's. */
    static void adviceInlined() {
        count(ADVICE_INLINED);
    }

    /** The methods a loading class declares were parsed from its class file ({@link TypeIndex#declaresOfLoading}). */
    static void methodsParsed() {
        count(METHODS_PARSED);
    }

    /**
     * A class reader was built for a loading class (at most once per class): only for a class some matcher reads
     * further than its constants, its header or its methods; the constants alone are walked on the bytes.
     */
    static void constantPoolRead() {
        count(CONSTANT_POOLS);
    }

    /** A loading class's constant pool was walked for the constants the header matchers look for. */
    static void constantPoolWalked() {
        count(CONSTANT_WALKS);
    }

    /**
     * A class loader was asked for a resource, to learn whether it sees a library ({@link LoaderSees}): where it does
     * not, the question walks every jar on its path.
     */
    static void loaderResourceLookup() {
        count(LOADER_RESOURCES);
    }

    /** One more of {@code counter}, when counting (off, a test of a constant). */
    private static void count(LongAdder counter) {
        if (ENABLED) {
            counter.increment();
        }
    }

    static String line() {
        return "matching: classes=" + CLASSES.sum() + " lookups=" + LOOKUPS.sum() + " described=" + DESCRIBED.sum()
                + " located=" + LOCATED.sum() + " transformed=" + TRANSFORMED.sum()
                + " cpuMsRejecting=" + MATCHED_NANOS.sum() / 1_000_000 + " cpuMsTransforming=" + TRANSFORMED_NANOS.sum() / 1_000_000
                + " seen=" + SEEN.sum() + " missed=" + MISSED.sum() + " cpuMsKeeping=" + KEPT_NANOS.sum() / 1_000_000
                + " retransformCandidates=" + LOADED_KEPT.sum() + "/" + LOADED.sum()
                + " adviceBuilt=" + ADVICE_BUILT.sum() + " adviceInlined=" + ADVICE_INLINED.sum() + " methodsParsed=" + METHODS_PARSED.sum() + " constantPools=" + CONSTANT_POOLS.sum()
                + " loaderResources=" + LOADER_RESOURCES.sum() + " constantWalks=" + CONSTANT_WALKS.sum();
    }

    /** Class files located through {@code loader}, held weakly; counted when counting is on. */
    static ClassFileLocator classFileLocator(ClassLoader loader) {
        // Weakly: cached type descriptions (TypePools) keep their type pool and its locator, and the cache is keyed
        // weakly by the same class loader, so a strong locator would never let an application's loader go.
        ClassFileLocator plain = ClassFileLocator.ForClassLoader.WeaklyReferenced.of(loader);
        return ENABLED ? new Counting(plain) : plain;
    }

    private static final class Counting implements ClassFileLocator {
        private final ClassFileLocator delegate;

        Counting(ClassFileLocator delegate) {
            this.delegate = delegate;
        }

        @Override
        public Resolution locate(String name) throws IOException {
            LOCATED.increment();
            return delegate.locate(name);
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}

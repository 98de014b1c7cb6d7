package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.ConfigKey;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.instrumentation.CandidateTypes;
import dev.vitals.agent.instrumentation.InstrumentationModule;
import dev.vitals.agent.instrumentation.Instrumentations;
import dev.vitals.agent.instrumentation.MethodMatcher;
import dev.vitals.agent.instrumentation.Transformations;

import static dev.vitals.agent.instrumentation.MethodMatcher.isBridge;
import static dev.vitals.agent.instrumentation.MethodMatcher.isPublic;
import static dev.vitals.agent.instrumentation.MethodMatcher.isSynthetic;
import static dev.vitals.agent.instrumentation.MethodMatcher.nameStartsWith;
import static dev.vitals.agent.instrumentation.MethodMatcher.named;
import static dev.vitals.agent.instrumentation.MethodMatcher.namedOneOf;
import static dev.vitals.agent.instrumentation.MethodMatcher.not;
import static dev.vitals.agent.instrumentation.MethodMatcher.returns;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArgument;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArguments;

/**
 * Ehcache 3's own API ({@code org.ehcache.Cache}): every cache a cache manager or a user-managed builder makes is
 * an {@code EhcacheBase}, matched by exact name, whose {@code get}, writes and removals are recorded under the
 * alias {@code EhcacheManager} created it with. A read that loads through a {@code CacheLoaderWriter} is a miss,
 * with its load time. Evictions and expirations are counted where the cache's authority makes them: the heap
 * store when it is the only tier, else the off-heap or disk store (a caching tier's evictions move entries down). The
 * size is read from the authority's map when metrics are read ({@code EhcacheEntries}). Ehcache
 * used as a JCache provider ({@code Eh107Cache}) is recorded by the JCache advice, the outer layer, once.
 */
public final class EhcacheInstrumentation implements InstrumentationModule {
    static final String CACHE = "org.ehcache.core.EhcacheBase";
    static final String MANAGER = "org.ehcache.core.EhcacheManager";
    static final String HEAP_STORE = "org.ehcache.impl.internal.store.heap.OnHeapStore";
    static final String LOADER_STORE = "org.ehcache.impl.internal.store.loaderwriter.LocalLoaderWriterStore";
    static final String OFF_HEAP_STORE = "org.ehcache.impl.internal.store.offheap.AbstractOffHeapStore";
    static final String OFF_HEAP_EVICTIONS = OFF_HEAP_STORE + "$BackingMapEvictionListener";

    /**
     * The advised methods, in a holder of their own: module classes are created in premain, on the application's
     * main thread, where building Byte Buddy matchers would load a hundred of its classes before {@code main}.
     */
    static final class Methods {
        static final MethodMatcher GET =
                named("get").and(isPublic()).and(takesArguments(1));
        static final MethodMatcher WRITES = isPublic().and(
                namedOneOf("put", "putIfAbsent").and(takesArguments(2))
                        .or(named("replace").and(takesArguments(2).or(takesArguments(3)))));
        static final MethodMatcher REMOVALS =
                named("remove").and(isPublic()).and(takesArguments(1).or(takesArguments(2)));
        static final MethodMatcher OTHERS = isPublic().and(
                namedOneOf("getAll", "putAll", "removeAll", "containsKey").and(takesArguments(1))
                        .or(named("clear").and(takesArguments(0))));
        static final MethodMatcher CREATE =
                named("createNewEhcache").and(takesArgument(0, String.class));
        /** The lambda of {@code get} that calls the loader ({@code lambda$get$1} in 3.11), not those of {@code getAndCompute}. */
        static final MethodMatcher LOAD =
                nameStartsWith("lambda$get$").and(isSynthetic()).and(takesArguments(1));
        static final MethodMatcher EVICT =
                named("evict").and(takesArguments(1)).and(returns(boolean.class));
        /** The heap store's expiry: it removed a mapping it found expired. */
        static final MethodMatcher EXPIRE =
                named("fireOnExpirationEvent").and(takesArguments(3));
        /** The off-heap or disk store's expiry as the authority ({@code onExpirationInCachingTier} is not). */
        static final MethodMatcher OFF_HEAP_EXPIRE =
                named("onExpiration").and(takesArguments(3));
        /** The typed listener method, not its bridge (which calls it). */
        static final MethodMatcher OFF_HEAP_EVICT =
                named("onEviction").and(takesArguments(2)).and(not(isBridge()));

        private Methods() {
        }
    }

    @Override
    public String name() {
        return "ehcache";
    }

    @Override
    public ConfigKey<Boolean> enabledKey() {
        return Keys.INSTRUMENTATION_EHCACHE;
    }

    @Override
    public Transformations install(Config config, Transformations builder) {
        return builder
                .type(CandidateTypes.named(CACHE))
                .transform(Instrumentations.advice()
                        .advice(Methods.GET, advice("EhcacheGetAdvice"))
                        .advice(Methods.WRITES, advice("EhcachePutAdvice"))
                        .advice(Methods.REMOVALS, advice("EhcacheRemoveAdvice"))
                        .advice(Methods.OTHERS, advice("EhcacheOtherAdvice")))
                .type(CandidateTypes.named(MANAGER))
                .transform(Instrumentations.advice().advice(Methods.CREATE, advice("EhcacheNameAdvice")))
                .type(CandidateTypes.named(LOADER_STORE))
                .transform(Instrumentations.advice().advice(Methods.LOAD, advice("EhcacheLoadAdvice")))
                .type(CandidateTypes.named(HEAP_STORE))
                .transform(Instrumentations.advice()
                        .advice(Methods.EVICT, advice("EhcacheEvictAdvice"))
                        .advice(Methods.EXPIRE, advice("EhcacheExpireAdvice")))
                .type(CandidateTypes.named(OFF_HEAP_STORE))
                .transform(Instrumentations.advice().advice(Methods.OFF_HEAP_EXPIRE, advice("EhcacheOffHeapExpireAdvice")))
                .type(CandidateTypes.named(OFF_HEAP_EVICTIONS))
                .transform(Instrumentations.advice().advice(Methods.OFF_HEAP_EVICT, advice("EhcacheOffHeapEvictAdvice")));
    }
}

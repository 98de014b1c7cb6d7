package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.instrumentation.CandidateTypes;
import dev.vitals.agent.config.ConfigKey;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.instrumentation.InstrumentationModule;
import dev.vitals.agent.instrumentation.Instrumentations;
import dev.vitals.agent.instrumentation.Transformations;

import static dev.vitals.agent.instrumentation.MethodMatcher.isPublic;
import static dev.vitals.agent.instrumentation.MethodMatcher.named;
import static dev.vitals.agent.instrumentation.MethodMatcher.namedOneOf;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArguments;

/**
 * JCache ({@code javax.cache}, any provider): the provider's classes that implement {@code javax.cache.Cache} (see
 * {@link JCacheTypes}). Records {@code get}, the writes and the removals under the cache's name; the other data
 * operations are advised only so that the provider's inner cache (Caffeine behind Caffeine's JCache) is not
 * counted on its own.
 */
public final class JCacheInstrumentation implements InstrumentationModule {
    /** Caffeine's JCache provider, advised although Caffeine's packages are ignored by name. */
    public static final String[] KEPT = {"com.github.benmanes.caffeine.jcache.CacheProxy",
        "com.github.benmanes.caffeine.jcache.LoadingCacheProxy"};

    @Override
    public String name() {
        return "jcache";
    }

    @Override
    public ConfigKey<Boolean> enabledKey() {
        return Keys.INSTRUMENTATION_JCACHE;
    }

    @Override
    public Transformations install(Config config, Transformations builder) {
        return builder
                .type(CandidateTypes.byHeader(new JCacheTypes()))
                .transform(Instrumentations.advice()
                        .advice(named("get").and(isPublic()).and(takesArguments(1)), advice("JCacheGetAdvice"))
                        .advice(isPublic().and(named("put").or(named("putIfAbsent")).or(named("getAndPut"))
                                        .or(named("getAndReplace")).and(takesArguments(2))
                                        .or(named("replace").and(takesArguments(2).or(takesArguments(3))))),
                                advice("JCachePutAdvice"))
                        .advice(isPublic().and(named("remove").and(takesArguments(1).or(takesArguments(2)))
                                        .or(named("getAndRemove").and(takesArguments(1)))),
                                advice("JCacheRemoveAdvice"))
                        .advice(isPublic().and(namedOneOf("getAll", "containsKey", "putAll", "removeAll", "clear",
                                "invoke", "invokeAll", "loadAll")), advice("JCacheOtherAdvice")));
    }
}

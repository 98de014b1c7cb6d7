package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.instrumentation.CandidateTypes;
import dev.vitals.agent.config.ConfigKey;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.instrumentation.InstrumentationModule;
import dev.vitals.agent.instrumentation.Instrumentations;
import dev.vitals.agent.instrumentation.Transformations;

import java.util.function.Function;

import static dev.vitals.agent.instrumentation.MethodMatcher.isPublic;
import static dev.vitals.agent.instrumentation.MethodMatcher.named;
import static dev.vitals.agent.instrumentation.MethodMatcher.returns;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArgument;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArguments;

/**
 * Caffeine 3.x (and 2.x, whose local caches have the same methods): the two classes every Caffeine cache is, its
 * bounded and unbounded local cache, matched by exact name. Reads, writes and removals through any of Caffeine's
 * APIs ({@code Cache}, {@code LoadingCache}, {@code asMap()}) end in their methods, and evictions in
 * {@code BoundedLocalCache.evictEntry}. Caches built before the agent (attach) are recorded from their next call.
 */
public final class CaffeineInstrumentation implements InstrumentationModule {
    static final String PACKAGE = "com.github.benmanes.caffeine.cache.";
    /** Advised although Caffeine's package is ignored by name (see {@code IgnoredTypes}). */
    public static final String[] TYPES = {
        PACKAGE + "BoundedLocalCache", PACKAGE + "UnboundedLocalCache", PACKAGE + "LocalCache",
    };

    @Override
    public String name() {
        return "caffeine";
    }

    @Override
    public ConfigKey<Boolean> enabledKey() {
        return Keys.INSTRUMENTATION_CAFFEINE;
    }

    @Override
    public Transformations install(Config config, Transformations builder) {
        return builder
                .type(CandidateTypes.namedOneOf(TYPES[0], TYPES[1]))
                .transform(Instrumentations.advice()
                        .advice(named("getIfPresent").and(isPublic()).and(takesArguments(2))
                                .and(takesArgument(1, boolean.class)), advice("CaffeineGetAdvice"))
                        .advice(named("computeIfAbsent").and(isPublic()).and(takesArguments(4))
                                .and(takesArgument(1, Function.class)).and(takesArgument(2, boolean.class)),
                                advice("CaffeineComputeAdvice"))
                        .advice(named("put").and(isPublic()).and(takesArguments(2)), advice("CaffeinePutAdvice"))
                        .advice(named("remove").and(isPublic()).and(takesArguments(1)), advice("CaffeineRemoveAdvice"))
                        .advice(named("evictEntry").and(takesArguments(3)).and(returns(boolean.class)),
                                advice("CaffeineEvictAdvice")))
                .type(CandidateTypes.named(TYPES[2]))
                .transform(Instrumentations.advice()
                        .advice(named("statsAware").and(takesArguments(2)).and(takesArgument(0, Function.class)),
                                advice("CaffeineLoadAdvice")));
    }
}

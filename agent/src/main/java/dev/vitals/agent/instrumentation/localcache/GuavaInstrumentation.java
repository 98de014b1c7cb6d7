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
import static dev.vitals.agent.instrumentation.MethodMatcher.returns;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArgument;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArguments;

/**
 * Guava's {@code Cache} and {@code LoadingCache}: every one is a {@code com.google.common.cache.LocalCache} behind its
 * manual or loading facade, matched by exact name with its {@code Segment}. Reads, writes and removals go through
 * {@code LocalCache}'s methods, loads through {@code Segment.loadSync}, evictions through {@code Segment.removeEntry}.
 */
public final class GuavaInstrumentation implements InstrumentationModule {
    static final String LOCAL_CACHE = "com.google.common.cache.LocalCache";
    /** Advised although Guava's packages are ignored by name (the prefix also keeps its nested {@code Segment}). */
    public static final String[] KEPT = {LOCAL_CACHE};

    @Override
    public String name() {
        return "guava";
    }

    @Override
    public ConfigKey<Boolean> enabledKey() {
        return Keys.INSTRUMENTATION_GUAVA;
    }

    @Override
    public Transformations install(Config config, Transformations builder) {
        return builder
                .type(CandidateTypes.named(LOCAL_CACHE))
                .transform(Instrumentations.advice()
                        .advice(named("getIfPresent").and(isPublic()).and(takesArguments(1))
                                        .or(named("get").and(takesArguments(2))
                                                .and(takesArgument(1, "com.google.common.cache.CacheLoader"))),
                                advice("GuavaGetAdvice"))
                        .advice(named("put").and(isPublic()).and(takesArguments(2)), advice("GuavaPutAdvice"))
                        .advice(named("remove").and(isPublic()).and(takesArguments(1)), advice("GuavaRemoveAdvice")))
                .type(CandidateTypes.named(LOCAL_CACHE + "$Segment"))
                .transform(Instrumentations.advice()
                        .advice(named("loadSync").and(takesArguments(4)), advice("GuavaLoadAdvice"))
                        .advice(named("removeEntry").and(takesArguments(3)).and(returns(boolean.class)),
                                advice("GuavaEvictAdvice")));
    }
}

package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.instrumentation.CandidateTypes;
import dev.vitals.agent.config.ConfigKey;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.instrumentation.InstrumentationModule;
import dev.vitals.agent.instrumentation.Instrumentations;
import dev.vitals.agent.instrumentation.Transformations;

import static dev.vitals.agent.instrumentation.MethodMatcher.named;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArguments;

/**
 * Spring's cache abstraction ({@code @Cacheable}, {@code @CachePut}, {@code @CacheEvict}) whatever the provider:
 * the caching aspect reaches every cache through {@code AbstractCacheInvoker}'s {@code doGet}, {@code doPut},
 * {@code doEvict} and {@code doClear}, matched by exact name. A Redis-backed Spring cache is left to the Redis
 * (L2) recording.
 */
public final class SpringCacheInstrumentation implements InstrumentationModule {
    static final String INVOKER = "org.springframework.cache.interceptor.AbstractCacheInvoker";
    static final String ASPECT = "org.springframework.cache.interceptor.CacheAspectSupport";
    /** Advised although Spring's cache packages are ignored by name. */
    public static final String[] KEPT = {INVOKER, ASPECT};

    @Override
    public String name() {
        return "springcache";
    }

    @Override
    public ConfigKey<Boolean> enabledKey() {
        return Keys.INSTRUMENTATION_SPRING_CACHE;
    }

    @Override
    public Transformations install(Config config, Transformations builder) {
        return builder
                .type(CandidateTypes.named(INVOKER))
                .transform(Instrumentations.advice()
                        .advice(named("doGet").and(takesArguments(2).or(takesArguments(3))), advice("SpringGetAdvice"))
                        .advice(named("doPut").and(takesArguments(3)), advice("SpringPutAdvice"))
                        .advice(named("doEvict").and(takesArguments(3)), advice("SpringEvictAdvice"))
                        .advice(named("doClear").and(takesArguments(2)), advice("SpringClearAdvice")))
                .type(CandidateTypes.named(ASPECT))
                .transform(Instrumentations.advice()
                        .advice(named("invokeOperation").and(takesArguments(1)), advice("SpringLoadAdvice")));
    }
}

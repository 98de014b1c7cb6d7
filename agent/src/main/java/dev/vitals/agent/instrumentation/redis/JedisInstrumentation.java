package dev.vitals.agent.instrumentation.redis;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.instrumentation.CandidateTypes;
import dev.vitals.agent.instrumentation.HeldTypes;
import dev.vitals.agent.config.ConfigKey;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.instrumentation.InstrumentationModule;
import dev.vitals.agent.instrumentation.Instrumentations;
import dev.vitals.agent.instrumentation.Transformations;

import static dev.vitals.agent.instrumentation.MethodMatcher.isPublic;
import static dev.vitals.agent.instrumentation.MethodMatcher.named;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArgument;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArguments;

/**
 * Jedis 4.x and 5.x: every command through {@code Connection.executeCommand(CommandObject)} (plain
 * {@code Jedis}, {@code JedisPool}, {@code JedisPooled}, {@code JedisCluster}), new connections
 * ({@code Connection.connect()}) and database selection. Only exact type names are matched, so the
 * per-class matching cost is a few string comparisons.
 *
 * <p>Pipelines and transactions ({@code Pipeline}, {@code MultiNodePipelineBase}, {@code Transaction},
 * {@code ReliableTransaction}) write each command when it is queued and hand its reply to its {@code Response}
 * on {@code sync()} or {@code exec()}: each command is recorded then, with its keyspace, its latency from queue
 * to reply, and hits and misses from its real reply (a transaction's {@code QUEUED} acknowledgement is not a
 * reply). Commands of a discarded or aborted ({@code WATCH}) transaction never get a reply and are not
 * recorded. {@code MULTI}, {@code EXEC} and {@code DISCARD} themselves are not recorded. The wait in
 * {@code sync()}/{@code exec()} is one call in the request's breakdown.
 */
public final class JedisInstrumentation implements InstrumentationModule {
    /** Classes that declare {@code appendCommand}, {@code sync} or {@code exec} in Jedis 4.4 and 5.x. */
    private static final String[] PIPELINES = {
        "redis.clients.jedis.Pipeline", "redis.clients.jedis.MultiNodePipelineBase", "redis.clients.jedis.Transaction",
        "redis.clients.jedis.ReliableTransaction", "redis.clients.jedis.TransactionBase",
    };

    @Override
    public String name() {
        return "jedis";
    }

    @Override
    public ConfigKey<Boolean> enabledKey() {
        return Keys.INSTRUMENTATION_JEDIS;
    }

    @Override
    public Transformations install(Config config, Transformations builder) {
        return builder
                .type(CandidateTypes.named(HeldTypes.JEDIS_CONNECTION))
                .transform(Instrumentations.advice()
                        .advice(named("executeCommand").and(isPublic()).and(takesArguments(1))
                                        .and(takesArgument(0, "redis.clients.jedis.CommandObject")),
                                advice("JedisCommandAdvice"))
                        .advice(named("connect").and(takesArguments(0)), advice("JedisConnectAdvice"))
                        .advice(named("select").and(takesArguments(1)).and(takesArgument(0, int.class)),
                                advice("JedisConnectionSelectAdvice")))
                .type(CandidateTypes.namedOneOf(PIPELINES))
                .transform(Instrumentations.advice()
                        .advice(named("appendCommand").and(takesArguments(1))
                                        .and(takesArgument(0, "redis.clients.jedis.CommandObject")),
                                advice("JedisQueuedAdvice"))
                        .advice(named("sync").or(named("syncAndReturnAll")).or(named("exec")).and(takesArguments(0)),
                                advice("JedisBatchAdvice")))
                .type(CandidateTypes.named("redis.clients.jedis.Response"))
                .transform(Instrumentations.advice()
                        .advice(named("set").and(takesArguments(1)).and(takesArgument(0, Object.class)),
                                advice("JedisReplyAdvice")))
                .type(CandidateTypes.named(HeldTypes.JEDIS))
                .transform(Instrumentations.advice()
                        .advice(named("select").and(takesArguments(1)).and(takesArgument(0, int.class)),
                                advice("JedisSelectAdvice")));
    }
}

package dev.vitals.agent.instrumentation.redis;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.config.ConfigKey;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.instrumentation.InstrumentationModule;
import dev.vitals.agent.instrumentation.Instrumentations;
import net.bytebuddy.agent.builder.AgentBuilder;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Jedis 4.x and 5.x: every command through {@code Connection.executeCommand(CommandObject)} (plain
 * {@code Jedis}, {@code JedisPool}, {@code JedisPooled}, {@code JedisCluster}), new connections
 * ({@code Connection.connect()}) and database selection. Only two exact type names are matched, so the
 * per-class matching cost is a string comparison.
 *
 * <p>Pipelines ({@code Pipeline}) send commands with {@code sendCommand} and read all replies at once, so they
 * have no per-command latency: each {@code sync()} is one {@code PIPELINE} operation, without keyspaces or hits.
 * Transactions ({@code Transaction}) are not recorded.
 */
public final class JedisInstrumentation implements InstrumentationModule {
    @Override
    public String name() {
        return "jedis";
    }

    @Override
    public ConfigKey<Boolean> enabledKey() {
        return Keys.INSTRUMENTATION_JEDIS;
    }

    /** A connection's connect and select run once: the Redis check follows the address it connects to. */
    @Override
    public java.util.Set<String> heldTypes() {
        return new java.util.HashSet<>(java.util.Arrays.asList("redis.clients.jedis.Connection", "redis.clients.jedis.Jedis"));
    }

    @Override
    public AgentBuilder install(AgentContext context, AgentBuilder builder) {
        RedisSupport.install(context);
        return builder
                .type(named("redis.clients.jedis.Connection"))
                .transform(Instrumentations.advice()
                        .advice(named("executeCommand").and(isPublic()).and(takesArguments(1))
                                        .and(takesArgument(0, named("redis.clients.jedis.CommandObject"))),
                                JedisCommandAdvice.class.getName())
                        .advice(named("connect").and(takesArguments(0)), JedisConnectAdvice.class.getName())
                        .advice(named("select").and(takesArguments(1)).and(takesArgument(0, int.class)),
                                JedisConnectionSelectAdvice.class.getName()))
                .type(named("redis.clients.jedis.Pipeline"))
                .transform(Instrumentations.advice()
                        .advice(named("sync").or(named("syncAndReturnAll")).and(takesArguments(0)),
                                JedisPipelineAdvice.class.getName()))
                .type(named("redis.clients.jedis.Jedis"))
                .transform(Instrumentations.advice()
                        .advice(named("select").and(takesArguments(1)).and(takesArgument(0, int.class)),
                                JedisSelectAdvice.class.getName()));
    }
}

package dev.vitals.agent.instrumentation.redis;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.instrumentation.CandidateTypes;
import dev.vitals.agent.instrumentation.HeldTypes;
import dev.vitals.agent.config.ConfigKey;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.instrumentation.InstrumentationModule;
import dev.vitals.agent.instrumentation.Instrumentations;
import dev.vitals.agent.instrumentation.Transformations;

import static dev.vitals.agent.instrumentation.MethodMatcher.named;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArgument;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArguments;

/**
 * Lettuce 6: sync, async and reactive commands alike. The clock starts when a connection dispatches a command
 * ({@code RedisChannelHandler.dispatch}) and stops when the innermost {@code Command} completes, fails or is
 * cancelled, so the latency is to completion, not to the write. A command dispatched during a request joins
 * that request's breakdown when its result reaches the caller ({@code AsyncCommand}'s completion for the sync
 * and async APIs, an emitted element or the completion for the reactive API), if the request still runs;
 * {@code CommandHandler.channelActive} reports new connections for the Redis check.
 * Reactive multi-element reads ({@code MGET}, {@code HMGET} as a {@code Flux}) stream their elements to the
 * subscriber rather than into the command's output; their hits and misses are counted per streamed element.
 *
 * <p>Not covered: {@code dispatch(Collection)} (manual command batches) and Redis Cluster's topology refresh
 * commands, which Lettuce writes to the channel directly.
 */
public final class LettuceInstrumentation implements InstrumentationModule {
    @Override
    public String name() {
        return "lettuce";
    }

    @Override
    public ConfigKey<Boolean> enabledKey() {
        return Keys.INSTRUMENTATION_LETTUCE;
    }

    @Override
    public Transformations install(Config config, Transformations builder) {
        return builder
                .type(CandidateTypes.named("io.lettuce.core.RedisChannelHandler"))
                .transform(Instrumentations.advice()
                        .advice(named("dispatch").and(takesArguments(1))
                                        .and(takesArgument(0, "io.lettuce.core.protocol.RedisCommand")),
                                advice("LettuceDispatchAdvice")))
                .type(CandidateTypes.named("io.lettuce.core.protocol.Command"))
                .transform(Instrumentations.advice()
                        .advice(named("complete").and(takesArguments(0)), advice("LettuceCompleteAdvice"))
                        .advice(named("completeExceptionally").and(takesArguments(1)),
                                advice("LettuceCompleteExceptionallyAdvice"))
                        .advice(named("cancel").and(takesArguments(0)), advice("LettuceCancelAdvice")))
                .type(CandidateTypes.named("io.lettuce.core.RedisPublisher$RedisSubscription"))
                .transform(Instrumentations.advice()
                        .advice(named("onNext").and(takesArguments(1)).and(takesArgument(0, Object.class)),
                                advice("LettuceStreamAdvice")))
                .type(CandidateTypes.named("io.lettuce.core.protocol.AsyncCommand"))
                .transform(Instrumentations.advice()
                        .advice(named("complete").and(takesArguments(0))
                                        .or(named("completeExceptionally").and(takesArguments(1))),
                                advice("LettuceSettleAdvice")))
                .type(CandidateTypes.named(HeldTypes.LETTUCE_COMMAND_HANDLER))
                .transform(Instrumentations.advice()
                        .advice(named("channelActive").and(takesArguments(1)), advice("LettuceConnectAdvice")));
    }
}

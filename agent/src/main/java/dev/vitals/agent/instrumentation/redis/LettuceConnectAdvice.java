package dev.vitals.agent.instrumentation.redis;

import dev.vitals.bootstrap.redis.RedisHooks;
import io.netty.channel.ChannelHandlerContext;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code io.lettuce.core.protocol.CommandHandler.channelActive}: a connection is up. */
public final class LettuceConnectAdvice {
    private LettuceConnectAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Argument(0) ChannelHandlerContext ctx) {
        if (ctx != null && ctx.channel() != null) {
            RedisHooks.recorder().connected(ctx.channel().remoteAddress());
        }
    }
}

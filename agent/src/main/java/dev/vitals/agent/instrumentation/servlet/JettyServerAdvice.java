package dev.vitals.agent.instrumentation.servlet;

import dev.vitals.bootstrap.RequestScope;
import dev.vitals.bootstrap.servlet.ServerHooks;
import net.bytebuddy.asm.Advice;

import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;

/**
 * Advice on Jetty's {@code Server.handle(HttpChannel)} (Jetty 9.4, 10 and 11), which every request goes through
 * once (async re-dispatches go through {@code handleAsync}). It records the requests that no servlet handled: a
 * handler's own answer, a 404 of a context with no matching servlet, a path outside every context. A request a
 * servlet handled is recorded by the servlet advice, which marks the thread's {@link RequestScope}.
 *
 * <p>Inlined into Jetty: references only the JDK, Jetty's own classes (whose methods used here have the same
 * descriptors in 9.4 to 11) and {@code dev.vitals.bootstrap}. Suppresses every {@code Throwable}.
 */
public final class JettyServerAdvice {
    private JettyServerAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter() {
        RequestScope.current().containerBegin();
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.Argument(0) HttpChannel channel, @Advice.Thrown Throwable thrown) {
        long start = RequestScope.current().containerEnd();
        if (start == 0L) {
            return;
        }
        Request request = channel.getRequest();
        int status = thrown != null ? 500 : channel.getResponse().getStatus();
        ServerHooks.recorder().endUnhandled(request.getMethod(), null, request.getRequestURI(), status, start);
    }
}

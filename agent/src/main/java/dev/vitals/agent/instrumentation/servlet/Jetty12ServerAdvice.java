package dev.vitals.agent.instrumentation.servlet;

import dev.vitals.bootstrap.RequestScope;
import dev.vitals.bootstrap.servlet.JettyCoreRequests;
import net.bytebuddy.asm.Advice;

/**
 * Advice on Jetty 12's {@code Server.handle(Request, Response, Callback)}, which every request goes through once. It
 * records the requests that no servlet handled: a core handler's own answer, and the 404 Jetty sends when no handler
 * took the request ({@code handle} returned false). A request a servlet handled is recorded by the servlet advice,
 * which marks the thread's {@link RequestScope}. A core handler that completes its response later is recorded when
 * {@code handle} returns, with the status set by then.
 *
 * <p>Inlined into Jetty: references only the JDK and {@code dev.vitals.bootstrap} (Jetty 12's types are reached
 * through {@link JettyCoreRequests}). Suppresses every {@code Throwable}.
 */
public final class Jetty12ServerAdvice {
    private Jetty12ServerAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter() {
        RequestScope.current().containerBegin();
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.Argument(0) Object request, @Advice.Argument(1) Object response,
                            @Advice.Return boolean handled, @Advice.Thrown Throwable thrown) {
        long start = RequestScope.current().containerEnd();
        if (start != 0L) {
            JettyCoreRequests.recordUnhandled(request, response, handled, thrown, start);
        }
    }
}

package dev.vitals.agent.instrumentation.servlet;

import dev.vitals.bootstrap.RequestScope;
import dev.vitals.bootstrap.servlet.ServerHooks;
import net.bytebuddy.asm.Advice;

import org.apache.catalina.connector.Request;
import org.apache.tomcat.util.buf.ByteChunk;
import org.apache.tomcat.util.buf.MessageBytes;

/**
 * Advice on Tomcat's {@code StandardWrapperValve.invoke(Request, Response)}, which runs the filter chain and
 * servlet of each dispatch (Tomcat 9, 10 and 11 alike). Tomcat builds a new string for every
 * {@code getRequestURI()} of a request; here the raw request line's bytes are still at hand, so the route is
 * looked up from them and left in {@link RequestScope#knownRoute()} for the servlet advice, which then never
 * asks for the URI unless the request turns out slow. Only known routes are found; a new one is added by the
 * servlet advice from the URI as before.
 *
 * <p>Inlined into Tomcat: references only the JDK, Tomcat and {@code dev.vitals.bootstrap}. Suppresses every
 * {@code Throwable}.
 */
public final class TomcatRouteAdvice {
    private TomcatRouteAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) Request request) {
        MessageBytes uri = request.getCoyoteRequest().requestURI();
        if (uri.getType() == MessageBytes.T_BYTES) {
            ByteChunk bytes = uri.getByteChunk();
            RequestScope.current().knownRoute(
                    ServerHooks.recorder().knownRoute(bytes.getBuffer(), bytes.getStart(), bytes.getEnd()));
        }
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit() {
        RequestScope.current().knownRoute(null);
    }
}

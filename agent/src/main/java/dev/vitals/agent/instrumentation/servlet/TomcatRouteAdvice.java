package dev.vitals.agent.instrumentation.servlet;

import dev.vitals.bootstrap.CallDepth;
import dev.vitals.bootstrap.RequestScope;
import dev.vitals.bootstrap.servlet.ServerHooks;
import net.bytebuddy.asm.Advice;

import org.apache.catalina.connector.Request;
import org.apache.catalina.mapper.MappingData;
import org.apache.tomcat.util.buf.ByteChunk;
import org.apache.tomcat.util.buf.MessageBytes;

/**
 * Advice on Tomcat's {@code StandardWrapperValve.invoke(Request, Response)}, which runs the filter chain and
 * servlet of each dispatch (Tomcat 9, 10 and 11 alike). Tomcat builds a new string for every
 * {@code getRequestURI()} of a request; here the raw request line's bytes are still at hand, so the route is
 * looked up from them and left in {@link RequestScope#knownRoute()} for the servlet advice, which then never
 * asks for the URI. A request that a servlet's path mapping matched (its mapping data has a path info) is looked
 * up by its mapping instead: the context's path, and the servlet path and path info Tomcat's mapper already holds, as
 * strings or character buffers. Only known routes are found; a new one is added by the servlet advice.
 *
 * <p>It also keeps the servlet advice woven into the same method from recording an async re-dispatch: Tomcat runs it
 * through this valve again with the dispatcher type still {@code REQUEST} (the {@code ASYNC} type is set further in),
 * while the request it belongs to is recorded already, at its completion. Running outermost, it enters the servlet
 * call depth for such a dispatch, so the servlet advice, one level in, leaves it alone.
 *
 * <p>Inlined into Tomcat: references only the JDK, Tomcat and {@code dev.vitals.bootstrap}. Suppresses every
 * {@code Throwable}.
 */
public final class TomcatRouteAdvice {
    private TomcatRouteAdvice() {
    }

    /** Returns whether this call is an async re-dispatch, whose servlet call depth the exit leaves. */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static boolean enter(@Advice.Argument(0) Request request) {
        if (request.isAsyncDispatching()) {
            CallDepth.enter(CallDepth.SERVLET);
            return true;
        }
        MappingData mapping = request.getMappingData();
        if (!mapping.pathInfo.isNull()) {
            // A path mapping (/cache/*): the route comes from the mapping, as the servlet advice builds it. Each
            // part is read as Tomcat holds it (its string or char buffer), never made into a new string; a part
            // held otherwise leaves the route to the servlet advice. (No helper method: advice is inlined.)
            CharSequence contextPath = mapping.context == null ? null : mapping.context.getPath();
            CharSequence servletPath = mapping.wrapperPath.getType() == MessageBytes.T_STR
                    ? mapping.wrapperPath.getString()
                    : mapping.wrapperPath.getType() == MessageBytes.T_CHARS ? mapping.wrapperPath.getCharChunk()
                    : mapping.wrapperPath.isNull() ? "" : null;
            CharSequence pathInfo = mapping.pathInfo.getType() == MessageBytes.T_STR
                    ? mapping.pathInfo.getString()
                    : mapping.pathInfo.getType() == MessageBytes.T_CHARS ? mapping.pathInfo.getCharChunk() : null;
            if (contextPath != null && servletPath != null && pathInfo != null) {
                RequestScope.current().knownRoute(
                        ServerHooks.recorder().knownMappedRoute(contextPath, servletPath, pathInfo));
            }
            return false;
        }
        MessageBytes uri = request.getCoyoteRequest().requestURI();
        if (uri.getType() == MessageBytes.T_BYTES) {
            ByteChunk bytes = uri.getByteChunk();
            RequestScope.current().knownRoute(
                    ServerHooks.recorder().knownRoute(bytes.getBuffer(), bytes.getStart(), bytes.getEnd()));
        }
        return false;
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.Enter boolean asyncRedispatch) {
        if (asyncRedispatch) {
            CallDepth.exit(CallDepth.SERVLET);
        } else {
            RequestScope.current().knownRoute(null);
        }
    }
}

package dev.vitals.agent.instrumentation.servlet;

import dev.vitals.bootstrap.RequestScope;
import dev.vitals.bootstrap.servlet.ServerHooks;
import dev.vitals.bootstrap.servlet.ServerRecorder;
import net.bytebuddy.asm.Advice;

import org.apache.coyote.Request;
import org.apache.coyote.Response;
import org.apache.tomcat.util.buf.ByteChunk;
import org.apache.tomcat.util.buf.MessageBytes;

/**
 * Advice on Tomcat's {@code CoyoteAdapter.service(org.apache.coyote.Request, org.apache.coyote.Response)}, which
 * every request goes through once (Tomcat 9, 10 and 11; async re-dispatches go through {@code asyncDispatch}).
 * It records the requests that no servlet handled: the authenticator's 401s, 404s outside every context, the
 * mapper's redirects and rejected requests. A request a servlet handled is recorded by the servlet advice, which
 * marks the thread's {@link RequestScope}, so it is never counted twice.
 *
 * <p>Allocation-free: the method and the route of a known path are read from the request line's bytes; the path
 * becomes a string only for a new route or a slow request. Inlined into Tomcat: references only the JDK, Tomcat
 * and {@code dev.vitals.bootstrap}. Suppresses every {@code Throwable}.
 */
public final class TomcatAdapterAdvice {
    private TomcatAdapterAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter() {
        RequestScope.current().containerBegin();
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.Argument(0) Request request, @Advice.Argument(1) Response response,
                            @Advice.Thrown Throwable thrown) {
        long start = RequestScope.current().containerEnd();
        if (start == 0L) {
            return;
        }
        ServerRecorder recorder = ServerHooks.recorder();
        MessageBytes method = request.method();
        String methodLabel;
        if (method.getType() == MessageBytes.T_BYTES) {
            ByteChunk bytes = method.getByteChunk();
            methodLabel = recorder.methodLabel(bytes.getBuffer(), bytes.getStart(), bytes.getEnd());
        } else {
            methodLabel = method.toString();
        }
        int status = thrown != null ? 500 : response.getStatus();
        MessageBytes uri = request.requestURI();
        String route = null;
        if (uri.getType() == MessageBytes.T_BYTES) {
            ByteChunk bytes = uri.getByteChunk();
            route = recorder.knownRoute(bytes.getBuffer(), bytes.getStart(), bytes.getEnd());
        }
        String path = null;
        if ((route == null && status != 404) || recorder.isSlow(start)) {
            path = uri.toString();
        }
        recorder.endUnhandled(methodLabel, route, path, status, start);
    }
}

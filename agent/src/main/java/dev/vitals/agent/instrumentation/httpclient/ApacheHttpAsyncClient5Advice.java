package dev.vitals.agent.instrumentation.httpclient;

import dev.vitals.bootstrap.CallDepth;
import dev.vitals.bootstrap.http.ClientHooks;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.net.URIAuthority;

import java.util.concurrent.Future;

/**
 * Advice on Apache HttpClient 5.x async {@code CloseableHttpAsyncClient.doExecute(HttpHost, AsyncRequestProducer,
 * AsyncResponseConsumer, HandlerFactory, HttpContext, FutureCallback)} implementations, which every
 * {@code execute} overload reaches (the internal and the minimal client alike). The call is timed until the
 * client completes it: the application's callback is replaced by one that records the call first and then
 * forwards to it, the same design as {@code HttpClient.sendAsync} (see {@link JdkHttpClientAdvice}). The classic
 * client's advice matches only {@code impl.classic}, so no call is counted by both.
 *
 * <p>Method and host come from the target host if given, else from the request the producer holds. Inlined
 * into HttpClient's classes: it may reference only the JDK, {@code org.apache.hc} and {@code dev.vitals.bootstrap}.
 */
public final class ApacheHttpAsyncClient5Advice {
    private ApacheHttpAsyncClient5Advice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(0) HttpHost target, @Advice.Argument(1) AsyncRequestProducer producer,
                               @Advice.Argument(value = 5, readOnly = false) FutureCallback<?> callback) {
        if (CallDepth.enter(CallDepth.HTTP_CLIENT) != 0) {
            return null;
        }
        long start = System.nanoTime();
        Object r = ClientHooks.recorder().producerRequest(producer);
        HttpRequest request = r instanceof HttpRequest ? (HttpRequest) r : null;
        String method = null;
        String host = null;
        int port = -1;
        String scheme = null;
        if (request != null) {
            method = request.getMethod();
            scheme = request.getScheme();
            URIAuthority authority = request.getAuthority();
            if (authority != null) {
                host = authority.getHostName();
                port = authority.getPort();
            }
        }
        if (target != null) {
            host = target.getHostName();
            port = target.getPort();
            scheme = target.getSchemeName();
        }
        port = ClientHooks.portOrDefault(scheme, port);
        Object tracked = ClientHooks.recorder().httpAsyncCallback(FutureCallback.class, callback, method, host, port, start);
        if (tracked instanceof FutureCallback) {
            callback = (FutureCallback<?>) tracked;
        }
        return tracked;
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.Enter Object tracked, @Advice.Return Future<?> future, @Advice.Thrown Throwable thrown) {
        CallDepth.exit(CallDepth.HTTP_CLIENT);
        if (tracked != null) {
            ClientHooks.recorder().httpAsyncDispatched(tracked, future, thrown);
        }
    }
}

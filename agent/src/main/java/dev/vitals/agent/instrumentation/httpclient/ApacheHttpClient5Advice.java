package dev.vitals.agent.instrumentation.httpclient;

import dev.vitals.bootstrap.CallDepth;
import dev.vitals.bootstrap.http.ClientHooks;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.net.URIAuthority;

/**
 * Advice on Apache HttpClient 5.x classic {@code CloseableHttpClient.doExecute(HttpHost, ClassicHttpRequest,
 * HttpContext)} implementations, which every {@code execute}/{@code executeOpen} reaches: timed until the
 * response head is there. Inlined into HttpClient's classes: it may reference only the JDK,
 * {@code org.apache.hc} and {@code dev.vitals.bootstrap}.
 */
public final class ApacheHttpClient5Advice {
    private ApacheHttpClient5Advice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter() {
        return CallDepth.enterTimed(CallDepth.HTTP_CLIENT);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.Argument(0) HttpHost target, @Advice.Argument(1) ClassicHttpRequest request,
                            @Advice.Enter long start, @Advice.Return Object response, @Advice.Thrown Throwable thrown) {
        CallDepth.exit(CallDepth.HTTP_CLIENT);
        if (start == 0L || request == null) {
            return;
        }
        String host = null;
        int port = -1;
        String scheme = request.getScheme();
        if (target != null) {
            host = target.getHostName();
            port = target.getPort();
            scheme = target.getSchemeName();
        } else {
            URIAuthority authority = request.getAuthority();
            if (authority != null) {
                host = authority.getHostName();
                port = authority.getPort();
            }
        }
        port = ClientHooks.portOrDefault(scheme, port);
        int status = response instanceof HttpResponse ? ((HttpResponse) response).getCode() : 0;
        ClientHooks.recorder().httpEnd(request.getMethod(), host, port, status, thrown, start);
    }
}

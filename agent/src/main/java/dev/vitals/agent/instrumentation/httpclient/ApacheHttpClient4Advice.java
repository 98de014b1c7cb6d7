package dev.vitals.agent.instrumentation.httpclient;

import dev.vitals.bootstrap.CallDepth;
import dev.vitals.bootstrap.http.ClientHooks;
import net.bytebuddy.asm.Advice;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.StatusLine;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpUriRequest;

import java.net.URI;

/**
 * Advice on Apache HttpClient 4.x {@code CloseableHttpClient.doExecute(HttpHost, HttpRequest, HttpContext)}
 * implementations, which every {@code execute} overload reaches: timed until the response head is there (the
 * body is streamed by the caller afterwards). Inlined into HttpClient's classes: it may reference only the JDK,
 * {@code org.apache.http} and {@code dev.vitals.bootstrap}.
 */
public final class ApacheHttpClient4Advice {
    private ApacheHttpClient4Advice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter() {
        return CallDepth.enterTimed(CallDepth.HTTP_CLIENT);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.Argument(0) HttpHost target, @Advice.Argument(1) HttpRequest request,
                            @Advice.Enter long start, @Advice.Return Object response, @Advice.Thrown Throwable thrown) {
        CallDepth.exit(CallDepth.HTTP_CLIENT);
        if (start == 0L || request == null) {
            return;
        }
        String host = null;
        int port = -1;
        String scheme = null;
        if (target != null) {
            host = target.getHostName();
            port = target.getPort();
            scheme = target.getSchemeName();
        } else if (request instanceof HttpUriRequest) {
            URI uri = ((HttpUriRequest) request).getURI();
            if (uri != null) {
                host = uri.getHost();
                port = uri.getPort();
                scheme = uri.getScheme();
            }
        }
        port = ClientHooks.portOrDefault(scheme, port);
        String method = request instanceof HttpUriRequest ? ((HttpUriRequest) request).getMethod()
                : request.getRequestLine().getMethod();
        int status = 0;
        if (response instanceof CloseableHttpResponse) {
            StatusLine line = ((CloseableHttpResponse) response).getStatusLine();
            status = line == null ? 0 : line.getStatusCode();
        }
        ClientHooks.recorder().httpEnd(method, host, port, status, thrown, start);
    }
}

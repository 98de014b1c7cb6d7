package dev.vitals.agent.instrumentation.httpclient;

import dev.vitals.bootstrap.CallDepth;
import dev.vitals.bootstrap.http.ClientHooks;
import net.bytebuddy.asm.Advice;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Advice on OkHttp 4's {@code RealCall.getResponseWithInterceptorChain}, which both {@code execute()} and the
 * dispatcher's asynchronous calls run: timed through the interceptor chain (retries and redirects included) until
 * the response head is there, on the thread that runs the call. Inlined into OkHttp: it may reference only the
 * JDK, {@code okhttp3} and {@code dev.vitals.bootstrap}.
 */
public final class OkHttpAdvice {
    private OkHttpAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter() {
        return CallDepth.enterTimed(CallDepth.HTTP_CLIENT);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.This Call call, @Advice.Enter long start, @Advice.Return Object response,
                            @Advice.Thrown Throwable thrown) {
        CallDepth.exit(CallDepth.HTTP_CLIENT);
        if (start == 0L) {
            return;
        }
        Request request = call.request();
        HttpUrl url = request.url();
        int status = response instanceof Response ? ((Response) response).code() : 0;
        ClientHooks.recorder().httpEnd(request.method(), url.host(), url.port(), status, thrown, start);
    }
}

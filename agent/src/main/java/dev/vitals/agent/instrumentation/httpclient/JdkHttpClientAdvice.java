package dev.vitals.agent.instrumentation.httpclient;

import dev.vitals.bootstrap.CallDepth;
import dev.vitals.bootstrap.http.ClientHooks;
import net.bytebuddy.asm.Advice;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/**
 * Advice on {@code jdk.internal.net.http.HttpClientImpl}: {@code send} is timed on the calling thread until the
 * response (and its body, as the body handler reads it) is there; {@code sendAsync} until its future completes.
 * The internal {@code sendAsync} that {@code send} uses is not advised, and the public two-argument
 * {@code sendAsync} calls the three-argument one, which {@link CallDepth} skips.
 *
 * <p>Inlined into a {@code java.net.http} class: it may reference only the JDK and {@code dev.vitals.bootstrap}.
 */
public final class JdkHttpClientAdvice {
    private JdkHttpClientAdvice() {
    }

    public static final class Send {
        private Send() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CallDepth.enterTimed(CallDepth.HTTP_CLIENT);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Argument(0) HttpRequest request, @Advice.Enter long start,
                                @Advice.Return Object response, @Advice.Thrown Throwable thrown) {
            CallDepth.exit(CallDepth.HTTP_CLIENT);
            if (start == 0L || request == null) {
                return;
            }
            URI uri = request.uri();
            int port = ClientHooks.portOrDefault(uri.getScheme(), uri.getPort());
            int status = response instanceof HttpResponse ? ((HttpResponse<?>) response).statusCode() : 0;
            ClientHooks.recorder().httpEnd(request.method(), uri.getHost(), port, status, thrown, start);
        }
    }

    public static final class SendAsync {
        private SendAsync() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CallDepth.enterTimed(CallDepth.HTTP_CLIENT);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Argument(0) HttpRequest request, @Advice.Enter long start,
                                @Advice.Return CompletableFuture<?> future, @Advice.Thrown Throwable thrown) {
            CallDepth.exit(CallDepth.HTTP_CLIENT);
            if (start == 0L || request == null) {
                return;
            }
            URI uri = request.uri();
            int port = ClientHooks.portOrDefault(uri.getScheme(), uri.getPort());
            if (thrown != null || future == null) {
                ClientHooks.recorder().httpEnd(request.method(), uri.getHost(), port, 0, thrown, start);
                return;
            }
            ClientHooks.recorder().httpAsync(future, request.method(), uri.getHost(), port, start);
        }
    }
}

package dev.vitals.agent.instrumentation.reactive;

import dev.vitals.bootstrap.http.ClientHooks;
import io.netty.handler.codec.http.HttpMethod;
import net.bytebuddy.asm.Advice;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.client.HttpClientState;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.Supplier;

/**
 * Advice on Reactor Netty's {@code HttpClient} ({@code reactor.netty.http.client.HttpClientConnect}), which Spring's
 * {@code WebClient} uses on Reactor Netty. Each subscription to a request creates one {@code HttpClientHandler},
 * kept through the client's retries and redirects: the call is timed from there (connection, TLS and pool wait
 * included) until the final response's head arrives ({@code RESPONSE_RECEIVED}), or until the handler's retry
 * predicate gives up on an error (connection refused, timeouts, a premature close).
 *
 * <p>The handler is also the {@code Supplier} of the remote address: host and port come from it, unresolved, as
 * the application wrote them. Inlined into Reactor Netty: references only the JDK, Netty, Reactor Netty and
 * {@code dev.vitals.bootstrap}. Suppresses every {@code Throwable}.
 */
public final class ReactorNettyClientAdvice {
    private ReactorNettyClientAdvice() {
    }

    /** {@code HttpClientHandler}'s constructor: a call starts. */
    public static final class Started {
        private Started() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object handler) {
            ClientHooks.recorder().reactiveCallStarted(handler);
        }
    }

    /** {@code HttpClientHandler.test(Throwable)}: false means the error ends the call. */
    public static final class Failed {
        private Failed() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        @SuppressWarnings("unchecked")
        public static void exit(@Advice.This Object handler, @Advice.Argument(0) Throwable error,
                                @Advice.Return boolean retried, @Advice.FieldValue("method") HttpMethod method) {
            if (retried) {
                return;
            }
            SocketAddress address = ((Supplier<SocketAddress>) handler).get();
            String host = null;
            int port = -1;
            if (address instanceof InetSocketAddress) {
                host = ((InetSocketAddress) address).getHostString();
                port = ((InetSocketAddress) address).getPort();
            }
            ClientHooks.recorder().reactiveCallEnded(handler, method == null ? null : method.name(), host, port, 0, error);
        }
    }

    /** {@code HttpIOHandlerObserver.onStateChange}: {@code RESPONSE_RECEIVED} ends the call with the response's status. */
    public static final class Responded {
        private Responded() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        @SuppressWarnings("unchecked")
        public static void enter(@Advice.FieldValue("handler") Object handler, @Advice.Argument(0) Object connection,
                                 @Advice.Argument(1) Object state) {
            if (state != HttpClientState.RESPONSE_RECEIVED || !(connection instanceof HttpClientResponse)) {
                return;
            }
            HttpClientResponse response = (HttpClientResponse) connection;
            SocketAddress address = ((Supplier<SocketAddress>) handler).get();
            String host = null;
            int port = -1;
            if (address instanceof InetSocketAddress) {
                host = ((InetSocketAddress) address).getHostString();
                port = ((InetSocketAddress) address).getPort();
            }
            ClientHooks.recorder().reactiveCallEnded(handler, response.method().name(), host, port,
                    response.status().code(), null);
        }
    }
}

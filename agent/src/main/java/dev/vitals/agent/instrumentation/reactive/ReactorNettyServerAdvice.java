package dev.vitals.agent.instrumentation.reactive;

import dev.vitals.bootstrap.RequestScope;
import dev.vitals.bootstrap.servlet.ServerHooks;
import net.bytebuddy.asm.Advice;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerState;

/**
 * Advice on Reactor Netty's server ({@code reactor.netty.http.server}): one {@code HttpServerOperations} per request,
 * from its creation (the request head was read) to its termination ({@code afterInboundComplete}, which
 * {@code ChannelOperations.terminate} calls exactly once: after the last response frame was written, after an
 * error response, or when the client went away), so a streaming response counts until it finishes. Errors inside
 * the application's chain reach Reactor Netty as a 500 it writes (or WebFlux's own error response).
 *
 * <p>Inlined into Reactor Netty: references only the JDK, Netty, Reactor Netty and {@code dev.vitals.bootstrap}.
 * Reads only what the server already holds (the method's constant name, the URI string, the status); allocates
 * nothing. Suppresses every {@code Throwable}.
 */
public final class ReactorNettyServerAdvice {
    private ReactorNettyServerAdvice() {
    }

    /** The request constructor: the request begins. */
    public static final class Begin {
        private Begin() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object ops) {
            ServerHooks.recorder().reactiveBegin(ops, ((HttpServerRequest) ops).method().name());
        }
    }

    /**
     * The copy constructor, by which a request's operations are replaced (a WebSocket upgrade): the request that was
     * replaced ends here, as the upgrade's 101.
     */
    public static final class Replaced {
        private Replaced() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object ops, @Advice.Argument(0) Object replaced) {
            HttpServerRequest request = (HttpServerRequest) replaced;
            String header = ServerHooks.tenantHeader();
            String tenant = header == null ? null : request.requestHeaders().get(header);
            int status = ((HttpServerRequest) ops).isWebsocket() ? 101 : ((HttpServerResponse) replaced).status().code();
            ServerHooks.recorder().reactiveEnd(replaced, request.uri(), status, tenant);
        }
    }

    /** {@code afterInboundComplete()}: the request's operations terminated. */
    public static final class End {
        private End() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object ops) {
            HttpServerRequest request = (HttpServerRequest) ops;
            String header = ServerHooks.tenantHeader();
            String tenant = header == null ? null : request.requestHeaders().get(header);
            ServerHooks.recorder().reactiveEnd(ops, request.uri(), ((HttpServerResponse) ops).status().code(), tenant);
        }
    }

    /**
     * {@code HttpServer.HttpServerHandle.onStateChange}: on {@code REQUEST_RECEIVED} it applies the application's
     * handler and subscribes to its result on this thread. Meanwhile the request's own scope is the thread's, so
     * work started synchronously there (a Lettuce command the chain subscribes to, a blocking JDBC call) counts for
     * the request.
     */
    public static final class Handle {
        private Handle() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static RequestScope enter(@Advice.Argument(0) Object connection, @Advice.Argument(1) Object state) {
            return state == HttpServerState.REQUEST_RECEIVED ? ServerHooks.recorder().reactiveHandling(connection) : null;
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Enter RequestScope previous) {
            if (previous != null) {
                RequestScope.makeCurrent(previous);
            }
        }
    }

    /**
     * {@code DefaultHttpServerRoutes.HttpRouteHandler.apply}: Reactor Netty's router chose a route declared with a
     * path template ({@code routes.get("/orders/{id}", ...)}), which becomes the request's route. Routes declared by
     * a predicate alone have no template; their paths are normalised.
     */
    public static final class Route {
        private Route() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) Object request, @Advice.FieldValue("path") String path) {
            if (path != null) {
                ServerHooks.recorder().reactiveRoute(request, path);
            }
        }
    }
}

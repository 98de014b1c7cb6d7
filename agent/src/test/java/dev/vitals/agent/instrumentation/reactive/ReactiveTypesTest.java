package dev.vitals.agent.instrumentation.reactive;

import dev.vitals.agent.instrumentation.InstalledTypeMatchers;
import dev.vitals.agent.instrumentation.LibraryClasses;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reactive module's type matchers on Reactor Netty 1.3's and Spring WebFlux 7's real classes. */
class ReactiveTypesTest {
    private final InstalledTypeMatchers reactive = InstalledTypeMatchers.of(new ReactiveInstrumentation());

    @Test
    void acceptsTheServerAndClientClassesItAdvises() throws Exception {
        try (LibraryClasses lib = LibraryClasses.of("reactor-netty-http-", "reactor-netty-core-", "spring-webflux-")) {
            assertTrue(lib.matches(reactive, "reactor.netty.http.server.HttpServerOperations"));
            assertTrue(lib.matches(reactive, "reactor.netty.http.server.HttpServer$HttpServerHandle"));
            assertTrue(lib.matches(reactive, "reactor.netty.http.server.DefaultHttpServerRoutes$HttpRouteHandler"));
            assertTrue(lib.matches(reactive, "reactor.netty.transport.ServerTransport"));
            assertTrue(lib.matches(reactive, "reactor.netty.http.client.HttpClientConnect$HttpClientHandler"));
            assertTrue(lib.matches(reactive, "reactor.netty.http.client.HttpClientConnect$HttpIOHandlerObserver"));
            assertTrue(lib.matches(reactive, "org.springframework.web.reactive.DispatcherHandler"));
        }
    }

    @Test
    void rejectsTheirNeighbours() throws Exception {
        try (LibraryClasses lib = LibraryClasses.of("reactor-netty-http-", "reactor-netty-core-", "spring-webflux-")) {
            assertFalse(lib.matches(reactive, "reactor.netty.http.HttpOperations"), "the server operations' superclass");
            assertFalse(lib.matches(reactive, "reactor.netty.http.client.HttpClientOperations"), "the client's operations");
            assertFalse(lib.matches(reactive, "reactor.netty.http.server.HttpServer"), "the outer class of the handle");
            assertFalse(lib.matches(reactive, "reactor.netty.transport.ClientTransport"), "the server transport's sibling");
            assertFalse(lib.matches(reactive, "reactor.netty.transport.Transport"));
            assertFalse(lib.matches(reactive, "org.springframework.web.reactive.HandlerAdapter"));
            assertFalse(lib.matches(reactive, DispatcherHandler.class.getName()), "a namesake in another package");
        }
    }
}

/** A class of the same simple name as Spring's in another package. */
class DispatcherHandler {
    Object handleRequestWith(Object exchange, Object handler) {
        return handler;
    }
}

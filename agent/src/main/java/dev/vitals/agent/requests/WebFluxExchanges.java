package dev.vitals.agent.requests;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;

/**
 * Reads a Spring WebFlux {@code ServerWebExchange}: the best-matching pattern that its handler mapping left in the
 * attributes (request mappings and router functions both set it), any other attribute (the tenant), and the server's own request under the
 * exchange's (possibly decorated) request. The agent cannot link against the application's Spring, so method
 * handles are resolved once per exchange class and kept in a {@link ClassValue}: they live as long as the
 * application's classes and never keep its class loader alive. Calls allocate nothing.
 */
final class WebFluxExchanges {
    /** {@code org.springframework.web.reactive.HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}. */
    static final String PATTERN_ATTRIBUTE = "org.springframework.web.reactive.HandlerMapping.bestMatchingPattern";
    private static final MethodType OBJECT_TO_OBJECT = MethodType.methodType(Object.class, Object.class);
    private static final WebFluxExchanges NONE = new WebFluxExchanges(null, null, null);

    private static final ClassValue<WebFluxExchanges> BY_CLASS = new ClassValue<WebFluxExchanges>() {
        @Override
        protected WebFluxExchanges computeValue(Class<?> type) {
            try {
                ClassLoader loader = type.getClassLoader();
                Class<?> exchange = Class.forName("org.springframework.web.server.ServerWebExchange", false, loader);
                Class<?> request = Class.forName("org.springframework.http.server.reactive.ServerHttpRequest", false, loader);
                Class<?> decorator = Class.forName("org.springframework.http.server.reactive.ServerHttpRequestDecorator",
                        false, loader);
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                return new WebFluxExchanges(
                        lookup.findVirtual(exchange, "getAttributes", MethodType.methodType(Map.class)).asType(OBJECT_TO_OBJECT),
                        lookup.findVirtual(exchange, "getRequest", MethodType.methodType(request)).asType(OBJECT_TO_OBJECT),
                        lookup.findStatic(decorator, "getNativeRequest", MethodType.methodType(Object.class, request))
                                .asType(OBJECT_TO_OBJECT));
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                return NONE; // an older Spring (before 5.3.3) or an exchange we cannot read: no template
            }
        }
    };

    private final MethodHandle getAttributes;
    private final MethodHandle getRequest;
    private final MethodHandle nativeRequest;

    private WebFluxExchanges(MethodHandle getAttributes, MethodHandle getRequest, MethodHandle nativeRequest) {
        this.getAttributes = getAttributes;
        this.getRequest = getRequest;
        this.nativeRequest = nativeRequest;
    }

    static WebFluxExchanges of(Object exchange) {
        return BY_CLASS.get(exchange.getClass());
    }

    /** The server's request object under the exchange (Reactor Netty's, or a servlet request), else null. */
    Object nativeRequest(Object exchange) throws Throwable {
        if (getRequest == null) {
            return null;
        }
        Object request = (Object) getRequest.invokeExact(exchange);
        return request == null ? null : (Object) nativeRequest.invokeExact(request);
    }

    /** The best-matching pattern (a {@code PathPattern}) of the exchange, else null. */
    Object pattern(Object exchange) throws Throwable {
        return attribute(exchange, PATTERN_ATTRIBUTE);
    }

    /** The exchange attribute {@code name}, else null (also when the exchange cannot be read). */
    Object attribute(Object exchange, String name) throws Throwable {
        if (getAttributes == null) {
            return null;
        }
        Object attributes = (Object) getAttributes.invokeExact(exchange);
        return attributes instanceof Map ? ((Map<?, ?>) attributes).get(name) : null;
    }
}

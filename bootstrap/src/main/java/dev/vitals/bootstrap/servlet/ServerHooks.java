package dev.vitals.bootstrap.servlet;

/**
 * The static entry point that servlet advice (javax and jakarta alike) calls. Advice reads the request
 * and response through their typed interfaces and passes strings and ints here; nothing in this package
 * sees a servlet type.
 *
 * <p>All fields are volatile and written once by the agent at install; reads are plain volatile reads,
 * so the hot path takes no lock and allocates nothing.
 */
public final class ServerHooks {
    /** Spring MVC's {@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}. */
    public static final String SPRING_PATTERN_ATTRIBUTE = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

    private static volatile ServerRecorder recorder = ServerRecorder.NOOP;
    private static volatile String routeAttribute;
    private static volatile String tenantHeader;
    private static volatile String tenantAttribute;

    private ServerHooks() {
    }

    public static ServerRecorder recorder() {
        return recorder;
    }

    /**
     * Installs the agent's recorder and the request attributes and header it wants read.
     *
     * @param routeAttribute  an extra request attribute holding a route template (e.g. one a JAX-RS filter
     *                        sets), read when Spring's is absent; null for none
     * @param tenantHeader    the header naming the tenant, or null when tenants are off
     * @param tenantAttribute the request attribute naming the tenant (read when the header is absent), or null
     */
    public static void install(ServerRecorder r, String routeAttribute, String tenantHeader, String tenantAttribute) {
        ServerHooks.routeAttribute = routeAttribute;
        ServerHooks.tenantHeader = tenantHeader;
        ServerHooks.tenantAttribute = tenantAttribute;
        recorder = r == null ? ServerRecorder.NOOP : r;
    }

    /**
     * The exception in a request's error attribute ({@code javax}/{@code jakarta.servlet.error.exception}), or null:
     * Tomcat's wrapper valve catches what its filter chain throws, answers 500 and leaves it there.
     */
    public static Throwable caught(Object errorAttribute) {
        return errorAttribute instanceof Throwable ? (Throwable) errorAttribute : null;
    }

    /** The extra route attribute name, or null. */
    public static String routeAttribute() {
        return routeAttribute;
    }

    /** The tenant header name, or null when tenants are off. */
    public static String tenantHeader() {
        return tenantHeader;
    }

    /** The tenant attribute name, or null. */
    public static String tenantAttribute() {
        return tenantAttribute;
    }
}

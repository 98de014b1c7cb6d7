package dev.vitals.agent.requests;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code error_type} of a server request, following OpenTelemetry's {@code error.type}: the fully-qualified class
 * name of the exception that ended the request; else, for a 5xx, its status code; else {@value #NONE}. A servlet
 * container's {@code ServletException} is looked through to its cause, which is what the application threw.
 *
 * <p>Capped: at most {@code limit} distinct class names are labels, the rest are {@code _other}, so generated classes
 * cannot push routes out of the series cap. The table is keyed by the class's name, never by the class: it holds
 * strings only, and no application class loader. {@link Class#getName()} keeps its string once made, so a known
 * class costs a lock-free map lookup and allocates nothing.
 *
 * <p>Thread-safe.
 */
final class ErrorTypes {
    static final String NONE = "none";
    /** Servlet exceptions wrap what the application threw; look through at most this many. */
    private static final int MAX_UNWRAP = 3;

    private final ConcurrentHashMap<String, String> known = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int limit;

    ErrorTypes(int limit) {
        this.limit = limit;
    }

    String of(Throwable thrown, int status) {
        if (thrown == null) {
            return status >= 500 ? StatusCodes.label(status) : NONE;
        }
        String name = unwrap(thrown).getClass().getName();
        String label = known.get(name);
        return label != null ? label : admit(name);
    }

    private String admit(String name) {
        if (size.get() >= limit) {
            return RouteTable.OTHER;
        }
        String previous = known.putIfAbsent(name, name);
        if (previous != null) {
            return previous;
        }
        if (size.incrementAndGet() > limit) {
            known.remove(name);
            size.decrementAndGet();
            return RouteTable.OTHER;
        }
        return name;
    }

    private static Throwable unwrap(Throwable thrown) {
        Throwable t = thrown;
        for (int i = 0; i < MAX_UNWRAP; i++) {
            Throwable cause = t.getCause();
            if (cause == null || cause == t || !t.getClass().getName().endsWith(".ServletException")) {
                break;
            }
            t = cause;
        }
        return t;
    }
}

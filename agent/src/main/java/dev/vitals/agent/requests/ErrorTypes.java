package dev.vitals.agent.requests;

import dev.vitals.agent.metrics.ClassNameLabels;

/**
 * The {@code error_type} of a server request, following OpenTelemetry's {@code error.type}: the fully-qualified class
 * name of the exception that ended the request; else, for a 5xx, its status code; else {@value #NONE}. A servlet
 * container's {@code ServletException} is looked through to its cause, which is what the application threw.
 *
 * <p>Capped ({@link ClassNameLabels}): at most {@code limit} distinct class names are labels, the rest are
 * {@code _other}, so generated classes cannot push routes out of the series cap. A known class allocates nothing.
 *
 * <p>Thread-safe.
 */
final class ErrorTypes {
    static final String NONE = "none";
    /** Servlet exceptions wrap what the application threw; look through at most this many. */
    private static final int MAX_UNWRAP = 3;

    private final ClassNameLabels labels;

    ErrorTypes(int limit) {
        this.labels = new ClassNameLabels(limit, RouteTable.OTHER);
    }

    String of(Throwable thrown, int status) {
        if (thrown == null) {
            return status >= 500 ? StatusCodes.label(status) : NONE;
        }
        return labels.of(unwrap(thrown).getClass());
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

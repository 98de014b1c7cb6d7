package dev.vitals.agent.requests;

/**
 * The HTTP methods that label metrics. As in OpenTelemetry's semantic conventions, a method outside the
 * known set is {@code _OTHER}, so a client sending made-up methods cannot grow the series count.
 * Stateless and thread-safe.
 */
public final class HttpMethods {
    public static final String OTHER = "_OTHER";
    static final String[] NAMES = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", OTHER};

    private HttpMethods() {
    }

    /** Index into {@link #NAMES}; the last index for an unknown or null method. Does not allocate. */
    public static int index(String method) {
        if (method == null) {
            return NAMES.length - 1;
        }
        switch (method) {
            case "GET": return 0;
            case "HEAD": return 1;
            case "POST": return 2;
            case "PUT": return 3;
            case "DELETE": return 4;
            case "CONNECT": return 5;
            case "OPTIONS": return 6;
            case "TRACE": return 7;
            case "PATCH": return 8;
            default: return NAMES.length - 1;
        }
    }

    /** Index into {@link #NAMES} of a method given as characters (a view over request-line bytes). Does not allocate. */
    static int index(CharSequence method) {
        for (int i = 0; i < NAMES.length - 1; i++) {
            if (NAMES[i].contentEquals(method)) {
                return i;
            }
        }
        return NAMES.length - 1;
    }

    /** The canonical label for {@code method}. */
    public static String label(String method) {
        return NAMES[index(method)];
    }

    static int count() {
        return NAMES.length;
    }
}

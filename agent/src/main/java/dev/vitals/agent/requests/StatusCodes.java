package dev.vitals.agent.requests;

/** Status-code labels, made once so that labelling a request allocates nothing. Thread-safe. */
final class StatusCodes {
    private static final String[] LABELS = new String[600];

    static {
        for (int i = 100; i < LABELS.length; i++) {
            LABELS[i] = Integer.toString(i);
        }
    }

    private StatusCodes() {
    }

    /** {@code "200"} for 200; codes outside 100-599 (a container that never set one) are {@code "_other"}. */
    static String label(int status) {
        return status >= 100 && status < LABELS.length ? LABELS[status] : RouteTable.OTHER;
    }
}

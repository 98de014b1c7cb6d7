package dev.vitals.agent.services;

/** Status-code labels, made once so that labelling a call allocates nothing. Thread-safe. */
final class StatusLabels {
    /** No response was received (the XMLHttpRequest convention for a network error). */
    static final String NO_RESPONSE = "0";
    private static final String[] LABELS = new String[600];

    static {
        for (int i = 100; i < LABELS.length; i++) {
            LABELS[i] = Integer.toString(i);
        }
    }

    private StatusLabels() {
    }

    static String label(int status) {
        if (status <= 0) {
            return NO_RESPONSE;
        }
        return status < LABELS.length && LABELS[status] != null ? LABELS[status] : ServiceTable.OTHER;
    }
}

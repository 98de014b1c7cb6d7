package dev.vitals.exporter.prometheus;

/** Name validation and sanitising; valid names (the common case) are returned as they are, without copying. */
final class Names {
    private Names() {
    }

    /** A metric name matching {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, or {@code null} for null/empty input. */
    static String metricName(String name) {
        return sanitize(name, true);
    }

    /**
     * A label name matching {@code [a-zA-Z_][a-zA-Z0-9_]*} (colons are valid in metric names only), or
     * {@code null} for null/empty input.
     */
    static String labelName(String name) {
        return sanitize(name, false);
    }

    /** A unit may only be used in a UNIT line when it is made of metric-name characters. */
    static boolean validUnit(String unit) {
        if (unit == null || unit.isEmpty()) {
            return false;
        }
        for (int i = 0; i < unit.length(); i++) {
            if (!nameChar(unit.charAt(i), true, true)) {
                return false;
            }
        }
        return true;
    }

    private static String sanitize(String name, boolean colonAllowed) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        if (valid(name, colonAllowed)) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length() + 1);
        if (name.charAt(0) >= '0' && name.charAt(0) <= '9') {
            out.append('_');
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            out.append(nameChar(c, colonAllowed, true) ? c : '_');
        }
        return out.toString();
    }

    private static boolean valid(String name, boolean colonAllowed) {
        for (int i = 0; i < name.length(); i++) {
            if (!nameChar(name.charAt(i), colonAllowed, i > 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean nameChar(char c, boolean colonAllowed, boolean digitAllowed) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
                || (colonAllowed && c == ':') || (digitAllowed && c >= '0' && c <= '9');
    }
}

package dev.vitals.agent.requests;

/**
 * Makes a request path safe to show: query values are replaced by {@code ****} (names stay, so a reader
 * still sees which parameters a slow request had), and very long paths are cut. Stateless and thread-safe.
 */
public final class QueryRedactor {
    static final String MASK = "****";
    static final int MAX_LENGTH = 512;

    private QueryRedactor() {
    }

    /** {@code uri} plus its redacted query, e.g. {@code /search?q=****&page=****}. */
    public static String pathWithRedactedQuery(String uri, String query) {
        String path = uri == null ? "" : uri;
        if (path.length() > MAX_LENGTH) {
            path = path.substring(0, MAX_LENGTH) + "...";
        }
        if (query == null || query.isEmpty()) {
            return path;
        }
        StringBuilder sb = new StringBuilder(path.length() + query.length() + 8).append(path).append('?');
        int start = 0;
        while (start <= query.length() && sb.length() < path.length() + MAX_LENGTH) {
            int amp = query.indexOf('&', start);
            int end = amp < 0 ? query.length() : amp;
            int eq = query.indexOf('=', start);
            String name = eq >= 0 && eq < end ? query.substring(start, eq) : query.substring(start, end);
            if (start > 0) {
                sb.append('&');
            }
            sb.append(name);
            if (eq >= 0 && eq < end) {
                sb.append('=').append(MASK);
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
        return sb.toString();
    }
}

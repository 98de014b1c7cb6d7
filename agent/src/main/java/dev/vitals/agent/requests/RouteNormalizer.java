package dev.vitals.agent.requests;

/**
 * Turns a raw request path into a route template by replacing the segments that identify one
 * resource: numbers become {@code {id}}, UUIDs {@code {uuid}}, long hex or base64-like tokens
 * {@code {token}} and e-mail addresses {@code {email}}. Path parameters ({@code ;jsessionid=...}) are dropped.
 *
 * <p>The normalised form is never built on the request path when it is already known: {@link #hash}
 * and {@link #matches} walk the raw path and compute, without allocating, what {@link #normalize}
 * would produce. {@code hash(p) == normalize(p).hashCode()} for every {@code p}. They take any
 * {@link CharSequence}, so a container's raw bytes can be looked up through a reused view ({@link AsciiView}).
 *
 * <p>Stateless and thread-safe.
 */
public final class RouteNormalizer {
    static final String ID = "{id}";
    static final String UUID = "{uuid}";
    static final String TOKEN = "{token}";
    static final String EMAIL = "{email}";

    /** Hex runs shorter than this stay literal: {@code /v1/cafe} is a word, a 16-digit hex is a key. */
    private static final int MIN_HEX_TOKEN = 16;
    /** Base64url runs this long with several digits are session ids, API keys or hashes, not words. */
    private static final int MIN_OPAQUE_TOKEN = 20;
    private static final int MIN_OPAQUE_DIGITS = 4;

    private RouteNormalizer() {
    }

    /** The route template of {@code path}; {@code "/"} for null or empty. Allocates; use {@link #hash} first. */
    public static String normalize(String path) {
        StringBuilder sb = new StringBuilder(path == null ? 1 : path.length() + 8);
        walk(path, null, sb);
        return sb.toString();
    }

    /** {@code normalize(path).hashCode()}, computed without allocating. */
    public static int hash(CharSequence path) {
        return walk(path, null, null);
    }

    /** {@code normalize(path).equals(route)}, computed without allocating. */
    public static boolean matches(CharSequence path, String route) {
        return walk(path, route, null) == 1;
    }

    /**
     * One walk, three uses: with {@code out} it appends the template; with {@code compare} it returns 1 if
     * the template equals {@code compare}, else 0; with neither it returns the template's hash code.
     */
    private static int walk(CharSequence path, String compare, StringBuilder out) {
        Emitter e = compare != null ? Emitter.COMPARE : out != null ? Emitter.BUILD : Emitter.HASH;
        int h = 0;
        int pos = 0;
        int n = path == null ? 0 : path.length();
        int start = n > 0 && path.charAt(0) == '/' ? 1 : 0;
        while (true) {
            int slash = start;
            while (slash < n && path.charAt(slash) != '/') {
                slash++;
            }
            int end = slash;
            for (int i = start; i < slash; i++) {
                if (path.charAt(i) == ';') {
                    end = i;
                    break;
                }
            }
            // '/' then the segment or its placeholder
            String placeholder = placeholder(path, start, end);
            int len = 1 + (placeholder != null ? placeholder.length() : end - start);
            switch (e) {
                case HASH:
                    h = 31 * h + '/';
                    for (int i = 1; i < len; i++) {
                        h = 31 * h + (placeholder != null ? placeholder.charAt(i - 1) : path.charAt(start + i - 1));
                    }
                    break;
                case COMPARE:
                    if (pos + len > compare.length() || compare.charAt(pos) != '/') {
                        return 0;
                    }
                    for (int i = 1; i < len; i++) {
                        char c = placeholder != null ? placeholder.charAt(i - 1) : path.charAt(start + i - 1);
                        if (compare.charAt(pos + i) != c) {
                            return 0;
                        }
                    }
                    break;
                default:
                    out.append('/');
                    if (placeholder != null) {
                        out.append(placeholder);
                    } else {
                        out.append(path, start, end);
                    }
                    break;
            }
            pos += len;
            if (slash >= n) {
                break;
            }
            start = slash + 1;
        }
        return e == Emitter.COMPARE ? (pos == compare.length() ? 1 : 0) : h;
    }

    private enum Emitter { HASH, COMPARE, BUILD }

    /** The placeholder for the segment {@code path[from, to)}, or null when it stays literal. */
    static String placeholder(CharSequence path, int from, int to) {
        int len = to - from;
        if (len <= 0) {
            return null;
        }
        int digits = 0;
        int hex = 0;
        int letters = 0;
        int base64 = 0;
        int dashes = 0;
        int at = -1;
        boolean dotAfterAt = false;
        for (int i = from; i < to; i++) {
            char c = path.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
                hex++;
                base64++;
            } else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
                hex++;
                letters++;
                base64++;
            } else if ((c >= 'g' && c <= 'z') || (c >= 'G' && c <= 'Z')) {
                letters++;
                base64++;
            } else if (c == '-') {
                dashes++;
                base64++;
            } else if (c == '_') {
                base64++;
            } else if (c == '@') {
                at = i;
            } else if (c == '%' && i + 2 < to && path.charAt(i + 1) == '4' && path.charAt(i + 2) == '0') {
                at = i + 2;
            } else if (c == '.' && at >= 0) {
                dotAfterAt = true;
            }
        }
        if (digits == len) {
            return ID;
        }
        if (len == 36 && dashes == 4 && hex == 32 && isUuidShape(path, from)) {
            return UUID;
        }
        if (hex == len && len >= MIN_HEX_TOKEN && digits > 0) {
            return TOKEN;
        }
        if (base64 == len && len >= MIN_OPAQUE_TOKEN && digits >= MIN_OPAQUE_DIGITS && letters > 0) {
            return TOKEN;
        }
        if (at > from && dotAfterAt) {
            return EMAIL;
        }
        return null;
    }

    private static boolean isUuidShape(CharSequence path, int from) {
        return path.charAt(from + 8) == '-' && path.charAt(from + 13) == '-'
                && path.charAt(from + 18) == '-' && path.charAt(from + 23) == '-';
    }
}

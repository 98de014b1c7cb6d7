package dev.vitals.agent.requests;

/**
 * Turns a raw request path into a route template that carries no value: every segment that does not look like
 * a word of the application's own (a static part) becomes a placeholder. Numbers become {@code {id}}, UUIDs
 * {@code {uuid}}, long hex or base64-like tokens {@code {token}}, e-mail addresses {@code {email}}, and any
 * other segment that is not a word {@code {value}}. A word is at most {@value #MAX_WORD} characters of ASCII
 * letters joined by single {@code -} or {@code _}, lower case, Capitalised or camelCase (not a mixed-case run
 * such as {@code REDISKEYsecret}, and at most {@value #MAX_CAPITALS} capitals in a row), optionally a version
 * ({@code v2}) or a file name with a common extension ({@code app.min.js}). So digits mixed into letters,
 * {@code :}, {@code @}, {@code =}, {@code %}, {@code +}, dots in values ({@code jane.doe}) and long segments
 * never stay. Past {@value #MAX_DEPTH} segments the rest of the path is one {@code *}. Path parameters
 * ({@code ;jsessionid=...}) are dropped.
 *
 * <p>A <em>strict</em> walk (the path info below a servlet's path mapping, whose segments the application
 * chose at run time) keeps no segment: words become {@code {value}} as well.
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
    static final String VALUE = "{value}";
    /** Stands for every segment past {@link #MAX_DEPTH}. */
    static final String REST = "*";

    /** Segments kept (literal or placeholder); deeper ones are folded into one {@link #REST}. */
    static final int MAX_DEPTH = 6;
    /** Longer segments are keys, hashes or sentences, never a static part of a route. */
    static final int MAX_WORD = 32;
    /** Capitals in a row that still make a word ({@code API}, {@code FAQ}); longer runs look like codes. */
    static final int MAX_CAPITALS = 4;
    /** Lower-to-upper case changes that still make a camelCase word. */
    private static final int MAX_CASE_CHANGES = 3;
    /** Hex runs shorter than this stay literal: {@code /v1/cafe} is a word, a 16-digit hex is a key. */
    private static final int MIN_HEX_TOKEN = 16;
    /** Base64url runs this long with several digits are session ids, API keys or hashes, not words. */
    private static final int MIN_OPAQUE_TOKEN = 20;
    private static final int MIN_OPAQUE_DIGITS = 4;
    /** File extensions of static resources and server pages: {@code /css/site.css} keeps its name. */
    private static final String[] EXTENSIONS = {
        "html", "htm", "xhtml", "js", "mjs", "css", "map", "json", "xml", "txt", "csv", "pdf", "png", "jpg",
        "jpeg", "gif", "svg", "ico", "webp", "avif", "woff", "woff2", "ttf", "eot", "otf", "wasm", "jsp", "jspx",
        "jsf", "faces", "do", "action", "php", "asp", "aspx", "cgi", "md",
    };

    private RouteNormalizer() {
    }

    /** The route template of {@code path}; {@code "/"} for null or empty. Allocates; use {@link #hash} first. */
    public static String normalize(String path) {
        StringBuilder sb = new StringBuilder(path == null ? 1 : path.length() + 8);
        walk(path, false, 0, null, 0, sb);
        return sb.toString();
    }

    /** {@code normalize(path).hashCode()}, computed without allocating. */
    public static int hash(CharSequence path) {
        return walk(path, false, 0, null, 0, null);
    }

    /** {@code normalize(path).equals(route)}, computed without allocating. */
    public static boolean matches(CharSequence path, String route) {
        return walk(path, false, 0, route, 0, null) == 1;
    }

    /**
     * The route of a request a servlet's path mapping ({@code /cache/*}) matched: the context path and servlet
     * path as they are, then the path info with no segment kept ({@code /cache/alice/7} gives
     * {@code /cache/{value}/{id}}). Allocates; use {@link #hashMapped} first.
     */
    public static String normalizeMapped(CharSequence contextPath, CharSequence servletPath, CharSequence pathInfo) {
        StringBuilder sb = new StringBuilder(64);
        append(sb, contextPath);
        append(sb, servletPath);
        walk(pathInfo, true, 0, null, 0, sb);
        return sb.toString();
    }

    /** {@code normalizeMapped(...).hashCode()}, computed without allocating. */
    public static int hashMapped(CharSequence contextPath, CharSequence servletPath, CharSequence pathInfo) {
        return walk(pathInfo, true, hashInto(hashInto(0, contextPath), servletPath), null, 0, null);
    }

    /** {@code normalizeMapped(...).equals(route)}, computed without allocating. */
    public static boolean matchesMapped(CharSequence contextPath, CharSequence servletPath, CharSequence pathInfo,
                                        String route) {
        int la = length(contextPath);
        int lb = length(servletPath);
        return route.length() >= la + lb && regionEquals(route, 0, contextPath) && regionEquals(route, la, servletPath)
                && walk(pathInfo, true, 0, route, la + lb, null) == 1;
    }

    static int hashInto(int h, CharSequence s) {
        if (s != null) {
            for (int i = 0, n = s.length(); i < n; i++) {
                h = 31 * h + s.charAt(i);
            }
        }
        return h;
    }

    static boolean regionEquals(String route, int offset, CharSequence s) {
        for (int i = 0, n = length(s); i < n; i++) {
            if (route.charAt(offset + i) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int length(CharSequence s) {
        return s == null ? 0 : s.length();
    }

    private static void append(StringBuilder sb, CharSequence s) {
        if (s != null) {
            sb.append(s);
        }
    }

    /**
     * One walk, three uses: with {@code out} it appends the template; with {@code compare} it returns 1 if
     * the template equals {@code compare} from {@code pos} on, else 0; with neither it returns the template's
     * hash code, continuing from {@code h}.
     */
    private static int walk(CharSequence path, boolean strict, int h, String compare, int pos, StringBuilder out) {
        Emitter e = compare != null ? Emitter.COMPARE : out != null ? Emitter.BUILD : Emitter.HASH;
        int n = path == null ? 0 : path.length();
        int start = n > 0 && path.charAt(0) == '/' ? 1 : 0;
        for (int depth = 1; ; depth++) {
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
            String placeholder = depth > MAX_DEPTH ? REST : placeholder(path, start, end, strict);
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
            if (slash >= n || depth > MAX_DEPTH) {
                break;
            }
            start = slash + 1;
        }
        return e == Emitter.COMPARE ? (pos == compare.length() ? 1 : 0) : h;
    }

    private enum Emitter { HASH, COMPARE, BUILD }

    /**
     * The placeholder for the segment {@code path[from, to)}, or null when it stays literal (an empty segment,
     * or a word when not {@code strict}).
     */
    static String placeholder(CharSequence path, int from, int to, boolean strict) {
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
        return strict || !isWord(path, from, to) ? VALUE : null;
    }

    /** A static-looking segment: a word, a version ({@code v2}) or a file name with a common extension. */
    static boolean isWord(CharSequence path, int from, int to) {
        if (to - from > MAX_WORD) {
            return false;
        }
        if (isVersion(path, from, to)) {
            return true;
        }
        int dot = -1;
        for (int i = to - 1; i >= from; i--) {
            if (path.charAt(i) == '.') {
                dot = i;
                break;
            }
        }
        if (dot < 0) {
            return isPlainWord(path, from, to);
        }
        if (!isExtension(path, dot + 1, to)) {
            return false;
        }
        // a file name: dot-separated words before a known extension (jquery.min.js)
        for (int wordStart = from, i = from; i <= dot; i++) {
            if (i == dot || path.charAt(i) == '.') {
                if (!isPlainWord(path, wordStart, i)) {
                    return false;
                }
                wordStart = i + 1;
            }
        }
        return true;
    }

    /** Letters joined by single {@code -} or {@code _} (one leading {@code _} allowed), in a word's case pattern. */
    private static boolean isPlainWord(CharSequence path, int from, int to) {
        if (from >= to) {
            return false;
        }
        int capitalsInRow = 0;
        int caseChanges = 0;
        char previous = 0;
        for (int i = from; i < to; i++) {
            char c = path.charAt(i);
            boolean upper = c >= 'A' && c <= 'Z';
            boolean lower = c >= 'a' && c <= 'z';
            if (upper) {
                if (++capitalsInRow > MAX_CAPITALS) {
                    return false;
                }
                if (previous >= 'a' && previous <= 'z' && ++caseChanges > MAX_CASE_CHANGES) {
                    return false;
                }
            } else if (lower) {
                // a run of capitals followed by lower case is an acronym glued to a word or a random token
                if (capitalsInRow > 1) {
                    return false;
                }
                capitalsInRow = 0;
            } else if (c == '-' || c == '_') {
                boolean leadingUnderscore = c == '_' && i == from;
                if (!leadingUnderscore && (i == from || i == to - 1 || previous == '-' || previous == '_')) {
                    return false;
                }
                capitalsInRow = 0;
            } else {
                return false;
            }
            previous = c;
        }
        return true;
    }

    /** {@code v1}, {@code V2}, {@code v10}: an API version. */
    private static boolean isVersion(CharSequence path, int from, int to) {
        int len = to - from;
        if (len < 2 || len > 4 || (path.charAt(from) != 'v' && path.charAt(from) != 'V')) {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            char c = path.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isExtension(CharSequence path, int from, int to) {
        for (String ext : EXTENSIONS) {
            if (ext.length() == to - from) {
                boolean same = true;
                for (int i = 0; i < ext.length() && same; i++) {
                    same = Character.toLowerCase(path.charAt(from + i)) == ext.charAt(i);
                }
                if (same) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isUuidShape(CharSequence path, int from) {
        return path.charAt(from + 8) == '-' && path.charAt(from + 13) == '-'
                && path.charAt(from + 18) == '-' && path.charAt(from + 23) == '-';
    }
}

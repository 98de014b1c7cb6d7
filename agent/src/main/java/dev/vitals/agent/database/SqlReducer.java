package dev.vitals.agent.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reduces SQL text to what may leave the process: the operation and main table ({@code SELECT owners}) for metric
 * labels, and a sanitised statement with every literal replaced by {@code ?} for slow-query lists.
 *
 * <p>Literals are string literals ({@code '...'}, with both {@code ''} and backslash escapes, and {@code E'...'},
 * {@code N'...'}, {@code X'...'} prefixes), dollar-quoted strings ({@code $$...$$}, {@code $tag$...$tag$}), numbers
 * (including hex and exponents) and, for MySQL and MariaDB, double-quoted strings. Comments are dropped, runs of
 * white space become one space, and a list of placeholders ({@code IN (?, ?, ?)}) becomes one {@code ?}. An
 * unterminated literal swallows the rest of the text: the reducer errs on the side of removing too much, never too
 * little.
 *
 * <p>Pure and thread-safe. Allocates (it runs once per distinct SQL text, which callers cache).
 */
public final class SqlReducer {
    /** Longest sanitised statement kept; the rest is cut and marked with an ellipsis. */
    public static final int MAX_SANITIZED = 2_000;
    /** Longest table name kept as a label value. */
    static final int MAX_TABLE = 64;
    private static final int MAX_TOKENS = 256;

    private SqlReducer() {
    }

    /** The reduced form of one SQL text. Immutable. */
    public static final class Shape {
        /** Upper-case first keyword of the main statement ({@code SELECT}, {@code INSERT}, ...), or {@code OTHER}. */
        public final String operation;
        /** Main table (or procedure for {@code CALL}), lower case unless quoted; empty when there is none. */
        public final String table;
        /** The statement with every literal replaced by {@code ?}. */
        public final String sanitized;

        Shape(String operation, String table, String sanitized) {
            this.operation = operation;
            this.table = table;
            this.sanitized = sanitized;
        }

        @Override
        public String toString() {
            return operation + (table.isEmpty() ? "" : " " + table);
        }
    }

    /**
     * @param doubleQuotedStrings true for MySQL and MariaDB, where {@code "..."} is a string literal by default;
     *                            elsewhere it is a quoted identifier
     */
    public static Shape reduce(String sql, boolean doubleQuotedStrings) {
        if (sql == null) {
            return new Shape("OTHER", "", "");
        }
        StringBuilder out = new StringBuilder(Math.min(sql.length(), MAX_SANITIZED) + 16);
        List<String> tokens = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        boolean truncated = false;
        while (i < n) {
            if (out.length() > MAX_SANITIZED) {
                truncated = true;
                break;
            }
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                space(out);
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = lineEnd(sql, i);
                space(out);
            } else if (c == '#' && doubleQuotedStrings) {
                i = lineEnd(sql, i);
                space(out);
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                space(out);
            } else if (c == '\'') {
                i = skipQuoted(sql, i, '\'');
                placeholder(out, tokens);
            } else if (c == '"') {
                if (doubleQuotedStrings) {
                    i = skipQuoted(sql, i, '"');
                    placeholder(out, tokens);
                } else {
                    int end = skipQuoted(sql, i, '"');
                    String quoted = sql.substring(i, end);
                    out.append(quoted);
                    token(tokens, quoted);
                    i = end;
                }
            } else if (c == '`') {
                int end = sql.indexOf('`', i + 1);
                end = end < 0 ? n : end + 1;
                String quoted = sql.substring(i, end);
                out.append(quoted);
                token(tokens, quoted);
                i = end;
            } else if (c == '$' && i + 1 < n && (sql.charAt(i + 1) == '$' || Character.isLetter(sql.charAt(i + 1))
                    || sql.charAt(i + 1) == '_')) {
                int tagEnd = i + 1;
                while (tagEnd < n && (Character.isLetterOrDigit(sql.charAt(tagEnd)) || sql.charAt(tagEnd) == '_')) {
                    tagEnd++;
                }
                if (tagEnd < n && sql.charAt(tagEnd) == '$') {
                    String tag = sql.substring(i, tagEnd + 1);
                    int close = sql.indexOf(tag, tagEnd + 1);
                    i = close < 0 ? n : close + tag.length();
                    placeholder(out, tokens);
                } else {
                    out.append(c);
                    i++;
                }
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                i = skipNumber(sql, i);
                placeholder(out, tokens);
            } else if (Character.isLetter(c) || c == '_') {
                int end = i + 1;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_'
                        || sql.charAt(end) == '$')) {
                    end++;
                }
                if (end - i == 1 && end < n && sql.charAt(end) == '\'' && "NnEeXxBbUu".indexOf(c) >= 0) {
                    // A literal prefix (N'...', E'...', X'...'): the prefix goes with the literal.
                    i = skipQuoted(sql, end, '\'');
                    placeholder(out, tokens);
                } else {
                    String word = sql.substring(i, end);
                    out.append(word);
                    token(tokens, word);
                    i = end;
                }
            } else {
                out.append(c);
                if (c != ' ') {
                    token(tokens, String.valueOf(c));
                }
                i++;
            }
        }
        String sanitized = out.toString().trim();
        if (truncated) {
            sanitized = sanitized + " \u2026";
        }
        String[] opTable = operationAndTable(tokens);
        return new Shape(opTable[0], opTable[1], sanitized);
    }

    private static void space(StringBuilder out) {
        int len = out.length();
        if (len > 0 && out.charAt(len - 1) != ' ') {
            out.append(' ');
        }
    }

    private static int lineEnd(String sql, int i) {
        int end = sql.indexOf('\n', i);
        return end < 0 ? sql.length() : end + 1;
    }

    /** Index after the literal or identifier opened by {@code quote} at {@code start}; {@code n} when unterminated. */
    private static int skipQuoted(String sql, int start, char quote) {
        int n = sql.length();
        int i = start + 1;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\\' && quote == '\'') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    private static int skipNumber(String sql, int start) {
        int n = sql.length();
        int i = start;
        if (sql.charAt(i) == '0' && i + 1 < n && (sql.charAt(i + 1) == 'x' || sql.charAt(i + 1) == 'X')) {
            i += 2;
            while (i < n && Character.digit(sql.charAt(i), 16) >= 0) {
                i++;
            }
            return i;
        }
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isDigit(c) || c == '.' || c == '_') {
                i++;
            } else if ((c == 'e' || c == 'E') && i + 1 < n && (Character.isDigit(sql.charAt(i + 1))
                    || ((sql.charAt(i + 1) == '-' || sql.charAt(i + 1) == '+') && i + 2 < n
                    && Character.isDigit(sql.charAt(i + 2))))) {
                i += 2;
            } else if (Character.isLetter(c)) {
                // 10L, 1.5f, 12abc: whatever is glued to the digits goes with them.
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    /** Appends {@code ?}, unless it continues a list of placeholders ({@code ?, ?} becomes {@code ?}). */
    private static void placeholder(StringBuilder out, List<String> tokens) {
        int len = out.length();
        int j = len - 1;
        while (j >= 0 && out.charAt(j) == ' ') {
            j--;
        }
        if (j >= 0 && out.charAt(j) == ',') {
            int k = j - 1;
            while (k >= 0 && out.charAt(k) == ' ') {
                k--;
            }
            if (k >= 0 && out.charAt(k) == '?' && (k == 0 || !Character.isLetterOrDigit(out.charAt(k - 1)))) {
                out.setLength(k + 1);
                return;
            }
        }
        out.append('?');
        token(tokens, "?");
    }

    private static void token(List<String> tokens, String t) {
        if (tokens.size() < MAX_TOKENS) {
            tokens.add(t);
        }
    }

    // ---- operation and table ----

    private static String[] operationAndTable(List<String> tokens) {
        int i = 0;
        while (i < tokens.size()) {
            String t = tokens.get(i);
            if (t.equals("(") || t.equals("{") || t.equals(";")) {
                i++;
            } else if (t.equals("?") && i + 1 < tokens.size() && tokens.get(i + 1).equals("=")) {
                i += 2; // {? = call f()}
            } else {
                break;
            }
        }
        if (i >= tokens.size()) {
            return new String[] {"OTHER", ""};
        }
        String op = upper(tokens.get(i));
        if (!isKeyword(op)) {
            return new String[] {"OTHER", ""};
        }
        if (op.equals("WITH")) {
            int depth = 0;
            for (int j = i + 1; j < tokens.size(); j++) {
                String t = tokens.get(j);
                if (t.equals("(")) {
                    depth++;
                } else if (t.equals(")")) {
                    depth--;
                } else if (depth == 0) {
                    String u = upper(t);
                    if (u.equals("SELECT") || u.equals("INSERT") || u.equals("UPDATE") || u.equals("DELETE")
                            || u.equals("MERGE")) {
                        op = u;
                        i = j;
                        break;
                    }
                }
            }
        }
        String table;
        switch (op) {
            case "SELECT":
                table = nameAfter(tokens, i, "FROM");
                break;
            case "INSERT":
            case "REPLACE":
            case "MERGE":
                table = nameAfter(tokens, i, "INTO");
                break;
            case "DELETE":
                table = nameAfter(tokens, i, "FROM");
                break;
            case "UPDATE":
                table = name(tokens, skipWords(tokens, i + 1, "ONLY", "LOW_PRIORITY", "IGNORE"));
                break;
            case "CALL":
            case "EXEC":
            case "EXECUTE":
                table = name(tokens, i + 1);
                break;
            case "TRUNCATE":
                table = name(tokens, skipWords(tokens, i + 1, "TABLE", "ONLY"));
                break;
            case "CREATE":
            case "DROP":
            case "ALTER":
                table = ddlName(tokens, i + 1);
                break;
            default:
                table = "";
        }
        return new String[] {op, table};
    }

    private static boolean isKeyword(String word) {
        if (word.isEmpty() || word.length() > 20) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            char c = word.charAt(k);
            if (!(c >= 'A' && c <= 'Z') && c != '_') {
                return false;
            }
        }
        return true;
    }

    /** The name after the first {@code keyword} that is followed by a name (not a subquery). */
    private static String nameAfter(List<String> tokens, int from, String keyword) {
        for (int j = from + 1; j < tokens.size(); j++) {
            if (upper(tokens.get(j)).equals(keyword)) {
                String name = name(tokens, skipWords(tokens, j + 1, "ONLY"));
                if (!name.isEmpty()) {
                    return name;
                }
            }
        }
        return "";
    }

    private static String ddlName(List<String> tokens, int from) {
        int j = skipWords(tokens, from, "OR", "REPLACE", "GLOBAL", "LOCAL", "TEMPORARY", "TEMP", "UNIQUE", "UNLOGGED");
        if (j >= tokens.size()) {
            return "";
        }
        String kind = upper(tokens.get(j));
        if (kind.equals("INDEX")) {
            return nameAfter(tokens, j, "ON");
        }
        j = skipWords(tokens, j + 1, "IF", "NOT", "EXISTS");
        return name(tokens, j);
    }

    private static int skipWords(List<String> tokens, int from, String... words) {
        int j = from;
        outer:
        while (j < tokens.size()) {
            String u = upper(tokens.get(j));
            for (String w : words) {
                if (u.equals(w)) {
                    j++;
                    continue outer;
                }
            }
            break;
        }
        return j;
    }

    /** A possibly qualified identifier starting at {@code j} ({@code schema.table}), unquoted; empty if none. */
    private static String name(List<String> tokens, int j) {
        StringBuilder name = new StringBuilder();
        while (j < tokens.size()) {
            String part = identifier(tokens.get(j));
            if (part == null) {
                break;
            }
            name.append(part);
            if (j + 2 < tokens.size() && tokens.get(j + 1).equals(".")) {
                name.append('.');
                j += 2;
            } else {
                break;
            }
        }
        String s = name.toString();
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.length() > MAX_TABLE ? s.substring(0, MAX_TABLE) : s;
    }

    private static String identifier(String token) {
        if (token.length() >= 2 && (token.charAt(0) == '"' || token.charAt(0) == '`')) {
            String inner = token.substring(1, token.length() - 1);
            return inner.isEmpty() || !plain(inner) ? null : inner;
        }
        if (token.isEmpty() || !(Character.isLetter(token.charAt(0)) || token.charAt(0) == '_')) {
            return null;
        }
        return plain(token) ? token.toLowerCase(Locale.ROOT) : null;
    }

    /** Only letters, digits, {@code _} and {@code $}: nothing that could carry a literal or break a label. */
    private static boolean plain(String s) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '$')) {
                return false;
            }
        }
        return true;
    }

    private static String upper(String t) {
        return t.toUpperCase(Locale.ROOT);
    }
}

package dev.vitals.agent.health;

import java.util.regex.Pattern;

/** Removes secrets from text that leaves the process: passwords in URLs and key=value pairs, tokens. */
public final class Redaction {
    private static final Pattern URL_USERINFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s:]*:[^/@\\s]*@");
    private static final Pattern SECRET_PARAMS = Pattern.compile(
            "(?i)((?:password|passwd|pwd|secret|token|api[_-]?key|apikey|authorization)\\s*[=:]\\s*)(?:Bearer\\s+)?[^\\s&;,\"']+");
    private static final Pattern STRIPE_KEYS = Pattern.compile("\\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]+");

    private Redaction() {
    }

    public static String text(String s) {
        if (s == null) {
            return null;
        }
        String r = URL_USERINFO.matcher(s).replaceAll("$1****@");
        r = SECRET_PARAMS.matcher(r).replaceAll("$1****");
        return STRIPE_KEYS.matcher(r).replaceAll("****");
    }

    /** A throwable as "ExceptionType: message", redacted. */
    public static String message(Throwable t) {
        String m = t.getMessage();
        return Redaction.text(t.getClass().getSimpleName() + (m == null ? "" : ": " + m));
    }
}

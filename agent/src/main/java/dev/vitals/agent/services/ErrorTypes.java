package dev.vitals.agent.services;

import dev.vitals.agent.metrics.ClassNameLabels;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLException;

/**
 * The {@code error_type} of an outbound call, following OpenTelemetry's {@code error.type}, which allows a
 * component's own low-cardinality identifier or the exception's class name. A call that ended with an exception
 * has the well-known network kind users alert on ({@value #CONNECT_REFUSED}, {@value #CONNECT_TIMEOUT},
 * {@value #TIMEOUT}, {@value #TLS}, {@value #UNKNOWN_HOST}), found anywhere in its first few causes; failing those, the
 * fully-qualified class name of its root cause (what actually went wrong beneath the client's and SDK's wrappers),
 * capped: past the limit of distinct classes, {@value #OTHER}. A response with status 400 or above has its status
 * code as error type (see {@code OutboundRecorder}); a call without error has {@value #NONE}.
 *
 * <p>A class seen before allocates nothing ({@link ClassNameLabels}). Thread-safe.
 */
public final class ErrorTypes {
    public static final String NONE = "none";
    public static final String CONNECT_REFUSED = "connect_refused";
    public static final String CONNECT_TIMEOUT = "connect_timeout";
    public static final String TIMEOUT = "timeout";
    public static final String TLS = "tls";
    public static final String UNKNOWN_HOST = "unknown_host";
    public static final String OTHER = "other";

    private static final int MAX_CAUSES = 6;

    private final ClassNameLabels labels;

    ErrorTypes(int limit) {
        this.labels = new ClassNameLabels(limit, OTHER);
    }

    /** The label of {@code error}: its network kind, else its root cause's class name while under the cap. */
    String of(Throwable error) {
        if (error == null) {
            return NONE;
        }
        String kind = kind(error);
        return kind != null ? kind : labels.of(rootCause(error).getClass());
    }

    /**
     * What failed, for a health check's message and the breaker view's last failure: the network kind, else the
     * root cause's class name. Uncapped; not for labels.
     */
    static String describe(Throwable error) {
        String kind = kind(error);
        return kind != null ? kind : rootCause(error).getClass().getName();
    }

    /** The network kind of {@code error}, looking through up to a few wrapping causes (clients and SDKs wrap them). */
    private static String kind(Throwable error) {
        Throwable t = error;
        for (int i = 0; i < MAX_CAUSES && t != null; i++) {
            String kind = direct(t);
            if (kind != null) {
                return kind;
            }
            Throwable cause = t.getCause();
            if (cause == t) {
                break;
            }
            t = cause;
        }
        return null;
    }

    /** The deepest of the first few causes. */
    private static Throwable rootCause(Throwable error) {
        Throwable t = error;
        for (int i = 0; i < MAX_CAUSES; i++) {
            Throwable cause = t.getCause();
            if (cause == null || cause == t) {
                break;
            }
            t = cause;
        }
        return t;
    }

    private static String direct(Throwable t) {
        if (t instanceof HttpConnectTimeoutException) {
            return CONNECT_TIMEOUT;
        }
        if (t instanceof HttpTimeoutException) {
            return TIMEOUT;
        }
        if (t instanceof ConnectException) {
            // Apache's HttpHostConnectException and the JDK's "Connection refused" alike; some paths report a connect
            // timeout as a ConnectException whose message says so.
            return mentions(t.getMessage(), "timed out") ? CONNECT_TIMEOUT : CONNECT_REFUSED;
        }
        if (t instanceof SocketTimeoutException) {
            return startsWithIgnoreCase(t.getMessage(), "connect") ? CONNECT_TIMEOUT : TIMEOUT;
        }
        if (t instanceof InterruptedIOException) {
            // Apache 4 and 5 ConnectTimeoutException, OkHttp's call timeout ("timeout").
            return t.getClass().getName().endsWith("ConnectTimeoutException") ? CONNECT_TIMEOUT : TIMEOUT;
        }
        if (t instanceof SSLException) {
            return TLS;
        }
        if (t instanceof UnknownHostException) {
            return UNKNOWN_HOST;
        }
        return null;
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s != null && s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static boolean mentions(String s, String word) {
        if (s == null) {
            return false;
        }
        for (int i = 0; i + word.length() <= s.length(); i++) {
            if (s.regionMatches(true, i, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }
}

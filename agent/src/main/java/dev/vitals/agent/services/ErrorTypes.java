package dev.vitals.agent.services;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLException;

/**
 * The {@code error_type} label: a short, fixed set of failure kinds, so that a flood of distinct exception
 * messages cannot grow the series count. Following OpenTelemetry's {@code error.type}, a response with status
 * 400 or above has its status code as error type; a call without error has {@value #NONE}.
 * Stateless; {@link #of} allocates nothing.
 */
public final class ErrorTypes {
    public static final String NONE = "none";
    public static final String CONNECT_REFUSED = "connect_refused";
    public static final String CONNECT_TIMEOUT = "connect_timeout";
    public static final String TIMEOUT = "timeout";
    public static final String TLS = "tls";
    public static final String UNKNOWN_HOST = "unknown_host";
    public static final String IO = "io";
    public static final String OTHER = "other";

    private static final int MAX_CAUSES = 6;

    private ErrorTypes() {
    }

    /** The kind of {@code error}, looking through up to a few wrapping causes (clients and SDKs wrap them). */
    public static String of(Throwable error) {
        if (error == null) {
            return NONE;
        }
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
        return error instanceof IOException ? IO : OTHER;
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

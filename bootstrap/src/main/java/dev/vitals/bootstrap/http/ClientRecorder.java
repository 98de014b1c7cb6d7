package dev.vitals.bootstrap.http;

import java.util.function.BiConsumer;

/**
 * What outbound-call advice (HTTP clients and mail) reports. The agent installs its implementation in
 * {@link ClientHooks#install}; until then, and when the agent is off, the no-op answers.
 *
 * <p>Advice passes only strings, ints and JDK objects here, never a library type, so this package stays free of
 * library classes. Implementations must be thread-safe, must not allocate for a known host in steady state, and
 * may throw: every advice suppresses {@code Throwable}.
 */
public interface ClientRecorder {
    /** Ignores everything; installed until the agent sets its own. */
    ClientRecorder NOOP = new ClientRecorder() {
    };

    /**
     * An outbound HTTP call ended on the thread that made it.
     *
     * @param method     the request method as the client has it, e.g. {@code GET}
     * @param host       the server's host name or address (no port, no path, no query)
     * @param port       the server's port, or -1 when the client does not say
     * @param status     the response status, or 0 when there was no response
     * @param error      what the call threw, or null
     * @param startNanos {@link System#nanoTime()} when the call started
     */
    default void httpEnd(String method, String host, int port, int status, Throwable error, long startNanos) {
    }

    /**
     * An asynchronous HTTP call ({@code java.net.http.HttpClient.sendAsync}) started: returns the callback to
     * attach with {@code whenComplete}, which records the call when its future completes, or null to not follow
     * it. The callback's first argument is a {@code java.net.http.HttpResponse}.
     */
    default BiConsumer<Object, Throwable> httpAsync(String method, String host, int port, long startNanos) {
        return null;
    }

    /**
     * A mail send ({@code Transport.send}/{@code sendMessage}) ended on the thread that made it.
     *
     * @param host the SMTP host, or null when unknown
     * @param port the SMTP port, or -1
     */
    default void mailEnd(String host, int port, Throwable error, long startNanos) {
    }

    /**
     * An application circuit breaker (Resilience4j) was created or changed state.
     *
     * @param breaker the library's breaker object; the agent holds it only weakly
     * @param name    the breaker's name
     * @param from    the previous state's name, or null when the breaker was just created
     * @param to      the new state's name
     */
    default void breakerState(Object breaker, String name, String from, String to) {
    }
}

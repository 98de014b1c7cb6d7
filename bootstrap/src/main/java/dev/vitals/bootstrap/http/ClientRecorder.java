package dev.vitals.bootstrap.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

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
     * An asynchronous HTTP call ({@code java.net.http.HttpClient.sendAsync}) started and returned {@code future}:
     * the recorder follows the future and records the call when it completes (with a
     * {@code java.net.http.HttpResponse}, or exceptionally).
     */
    default void httpAsync(CompletableFuture<?> future, String method, String host, int port, long startNanos) {
    }

    /**
     * An Apache HttpClient 5 async call is starting: returns the object to pass to the client instead of
     * {@code callback}, an instance of {@code callbackType} ({@code FutureCallback}) that records the call when
     * the client completes, fails or cancels it and then calls {@code callback} (which may be null), or null to
     * not follow the call. Advice then reports the start's outcome with {@link #httpAsyncDispatched}.
     */
    default Object httpAsyncCallback(Class<?> callbackType, Object callback, String method, String host, int port,
                                     long startNanos) {
        return null;
    }

    /**
     * The method that started a call followed by {@link #httpAsyncCallback} returned {@code future}, or threw
     * {@code thrown} (then the call is recorded as failed, unless its callback already ran).
     */
    default void httpAsyncDispatched(Object trackedCallback, Future<?> future, Throwable thrown) {
    }

    /**
     * The HTTP request that an Apache HttpCore 5 {@code BasicRequestProducer} (the usual producer, also behind
     * {@code SimpleRequestProducer}) will send, or null for other producers. The producer keeps it in a private
     * field that advice on the client cannot read; the advice then reads method and host from it.
     */
    default Object producerRequest(Object producer) {
        return null;
    }

    /**
     * A reactive HTTP call (Reactor Netty's {@code HttpClient}, also under Spring's {@code WebClient}) was
     * subscribed to: its clock starts. {@code call} is the client's per-call object, kept through retries and
     * redirects, by which the recorder keys the call (identity only: it never holds it). Must not allocate.
     */
    default void reactiveCallStarted(Object call) {
    }

    /**
     * The reactive call of {@link #reactiveCallStarted} got its response head, or failed for good. Records it once.
     *
     * @param status the response status, or 0 when there was no response
     * @param error  what failed the call, or null
     */
    default void reactiveCallEnded(Object call, String method, String host, int port, int status, Throwable error) {
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
     * A static {@code Transport.send} ended: the SMTP server is read from the message's session properties
     * ({@code mail.smtp.host}/{@code port}, or the {@code smtps} ones, else {@code mail.host}).
     *
     * @param session the session's properties, or null when the message has no session
     */
    default void mailSent(java.util.Properties session, Throwable error, long startNanos) {
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

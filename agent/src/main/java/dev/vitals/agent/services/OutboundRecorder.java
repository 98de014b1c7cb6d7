package dev.vitals.agent.services;

import dev.vitals.agent.requests.HttpMethods;
import dev.vitals.bootstrap.RequestScope;
import dev.vitals.agent.metrics.TimerFamily;
import dev.vitals.bootstrap.http.AsyncClientCall;
import dev.vitals.bootstrap.http.ClientRecorder;

import java.net.http.HttpResponse;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;

/**
 * Records what outbound-call advice reports: the duration into {@value Services#HTTP_DURATION} (or
 * {@value Services#MAIL_DURATION}), the outcome into the service's {@link ServiceState}, and the time into the
 * current request's breakdown ({@link RequestScope#addHttpClient}; mail counts as outbound time too).
 *
 * <p>For a host seen before, {@link #httpEnd} allocates nothing: the target is a cached lookup, the labels are
 * constants, and series lookup and recording are lock-free. Asynchronous calls allocate their completion
 * callback (the clients allocate far more per call). Thread-safe.
 */
final class OutboundRecorder implements ClientRecorder {
    private final Services services;
    private final ServiceTable table;
    private final TimerFamily http;
    private final TimerFamily mail;
    private final ErrorTypes errorTypes;
    private final ReactiveCalls reactiveCalls = new ReactiveCalls();

    OutboundRecorder(Services services, ServiceTable table, TimerFamily http, TimerFamily mail, ErrorTypes errorTypes) {
        this.services = services;
        this.table = table;
        this.http = http;
        this.mail = mail;
        this.errorTypes = errorTypes;
    }

    @Override
    public void httpEnd(String method, String host, int port, int status, Throwable error, long startNanos) {
        long nanos = System.nanoTime() - startNanos;
        RequestScope.current().addHttpClient(nanos);
        record(method, host, port, status, error, nanos);
    }

    void record(String method, String host, int port, int status, Throwable error, long nanos) {
        ServiceTable.Target t = table.resolve(host, port);
        String errorType = error != null ? errorTypes.of(error) : status >= 400 ? StatusLabels.label(status) : ErrorTypes.NONE;
        String statusLabel = StatusLabels.label(status);
        http.get(t.address, t.service, HttpMethods.label(method), statusLabel, errorType).record(nanos);
        boolean failed = error != null || status >= 500;
        t.state.record(nanos, failed, error != null ? errorType : statusLabel);
    }

    @Override
    public void httpAsync(CompletableFuture<?> future, String method, String host, int port, long startNanos) {
        AsyncCompletion call = new AsyncCompletion(this, method, host, port, startNanos);
        call.future(future);
        future.whenComplete(call);
        RequestScope.current().addHttpClientAsync(call);
    }

    @Override
    public void reactiveCallStarted(Object call) {
        reactiveCalls.start(call, System.nanoTime(), RequestScope.current());
    }

    @Override
    public void reactiveCallEnded(Object call, String method, String host, int port, int status, Throwable error) {
        long nanos = reactiveCalls.end(call, System.nanoTime());
        if (nanos >= 0) {
            record(method, host, port, status, error, nanos); // the request's breakdown has it from the start
        }
    }

    @Override
    public Object httpAsyncCallback(Class<?> callbackType, Object callback, String method, String host, int port,
                                    long startNanos) {
        return ApacheAsyncCall.track(callbackType, callback, this, method, host, port, startNanos);
    }

    @Override
    public void httpAsyncDispatched(Object trackedCallback, Future<?> future, Throwable thrown) {
        ApacheAsyncCall call = ApacheAsyncCall.of(trackedCallback);
        if (call == null) {
            return;
        }
        call.future(future);
        if (thrown != null) {
            call.ended(0, thrown);
        }
        RequestScope.current().addHttpClientAsync(call);
    }

    @Override
    public Object producerRequest(Object producer) {
        return ApacheAsyncCall.producerRequest(producer);
    }

    @Override
    public void mailSent(Properties session, Throwable error, long startNanos) {
        String host = null;
        int port = -1;
        if (session != null) {
            boolean smtps = "smtps".equals(session.getProperty("mail.transport.protocol"));
            host = session.getProperty(smtps ? "mail.smtps.host" : "mail.smtp.host", session.getProperty("mail.host"));
            String p = session.getProperty(smtps ? "mail.smtps.port" : "mail.smtp.port");
            if (p != null) {
                try {
                    port = Integer.parseInt(p.trim());
                } catch (NumberFormatException e) {
                    port = -1;
                }
            }
        }
        mailEnd(host, port, error, startNanos);
    }

    @Override
    public void mailEnd(String host, int port, Throwable error, long startNanos) {
        long nanos = System.nanoTime() - startNanos;
        RequestScope.current().addHttpClient(nanos);
        ServiceState state = services.state(Services.EMAIL);
        // SMTP hosts come from configuration, so they are few; the family's cap bounds them anyway. They are not
        // looked up in the service table, which would give each SMTP host a breaker view of its own.
        String address = host == null || host.isEmpty() ? "unknown" : host;
        String errorType = errorTypes.of(error);
        mail.get(address, Services.EMAIL, errorType).record(nanos);
        state.record(nanos, error != null, errorType);
    }

    @Override
    public void breakerState(Object breaker, String name, String from, String to) {
        services.resilience4j().transition(breaker, name, from, to);
    }

    /** Records a {@code sendAsync} call when its future completes, on whichever thread completes it. */
    static final class AsyncCompletion extends AsyncClientCall implements BiConsumer<Object, Throwable> {
        private final OutboundRecorder recorder;
        private final String method;
        private final String host;
        private final int port;

        AsyncCompletion(OutboundRecorder recorder, String method, String host, int port, long startNanos) {
            super(startNanos);
            this.recorder = recorder;
            this.method = method;
            this.host = host;
            this.port = port;
        }

        @Override
        public void accept(Object response, Throwable error) {
            try {
                long nanos = end();
                if (nanos < 0) {
                    return;
                }
                int status = response instanceof HttpResponse ? ((HttpResponse<?>) response).statusCode() : 0;
                recorder.record(method, host, port, status, unwrap(error), nanos);
            } catch (Throwable t) {
                dev.vitals.bootstrap.Vitals.reportFailure("httpclient", t);
            }
        }
    }

    /** The cause a future's {@code CompletionException} or {@code ExecutionException} wraps. */
    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}

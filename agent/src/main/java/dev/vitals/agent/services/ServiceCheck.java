package dev.vitals.agent.services;

import dev.vitals.agent.health.CheckResult;
import dev.vitals.agent.health.HealthCheck;
import dev.vitals.bootstrap.CallDepth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The configured check of one service: a HEAD (or GET) of its check URL with a timeout, using the JDK's
 * {@link HttpClient}. The service's breaker view gates it: while the view is OPEN no request is sent, until the
 * recovery time has passed and this check becomes the half-open trial. Its outcome feeds the view.
 *
 * <p>The request is made with {@link CallDepth#HTTP_CLIENT} raised, so the HTTP-client advice does not record the
 * agent's own traffic as the application's. Messages name the service and host only, never the URL's path,
 * query or credentials.
 */
final class ServiceCheck implements HealthCheck {
    private final String service;
    private final URI uri;
    private final String method;
    private final long intervalMillis;
    private final long timeoutMillis;
    private final ServiceState state;
    private final String display;
    private volatile HttpClient client;

    ServiceCheck(String service, String url, String method, long intervalMillis, long timeoutMillis, ServiceState state) {
        this.service = service;
        this.uri = URI.create(url);
        this.method = method;
        this.intervalMillis = intervalMillis;
        this.timeoutMillis = timeoutMillis;
        this.state = state;
        this.display = Services.displayName(service);
    }

    @Override
    public String name() {
        return service;
    }

    @Override
    public long intervalMillis() {
        return intervalMillis;
    }

    /** A little longer than the request's own timeout, so that the request's timeout is what reports. */
    @Override
    public long timeoutMillis() {
        return timeoutMillis + 1_000;
    }

    @Override
    public CheckResult run() throws Exception {
        if (!state.tryTrial()) {
            return CheckResult.unhealthy(display + " circuit open after " + state.consecutiveFailures()
                            + " consecutive failures; no check sent, next trial in " + (state.millisUntilTrial() + 999) / 1000 + " s")
                    .detail("circuitBreaker", state.state().name())
                    .detail("host", uri.getHost());
        }
        CallDepth.enter(CallDepth.HTTP_CLIENT);
        try {
            long start = System.nanoTime();
            HttpResponse<Void> response;
            try {
                HttpRequest request = HttpRequest.newBuilder(uri)
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofMillis(timeoutMillis))
                        .header("User-Agent", "vitals-health-check")
                        .build();
                response = client().send(request, HttpResponse.BodyHandlers.discarding());
            } catch (InterruptedException e) {
                state.recordCheck(true, ErrorTypes.TIMEOUT);
                throw e;
            } catch (Exception | Error e) {
                // Whatever went wrong, the outcome is recorded, so a half-open trial never stays pending.
                String kind = ErrorTypes.describe(e);
                state.recordCheck(true, kind);
                return CheckResult.unhealthy(display + " API unreachable (" + kind + ")")
                        .detail("circuitBreaker", state.state().name())
                        .detail("host", uri.getHost());
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            int status = response.statusCode();
            // Any answer below 500 shows the provider is up (a 401 without credentials included).
            boolean ok = status < 500;
            state.recordCheck(!ok, StatusLabels.label(status));
            CheckResult result = ok ? CheckResult.healthy(display + " API connected (" + millis + "ms)")
                    : CheckResult.unhealthy(display + " API answered " + status + " (" + millis + "ms)");
            return result.observed(millis, "ms")
                    .detail("statusCode", status)
                    .detail("circuitBreaker", state.state().name())
                    .detail("host", uri.getHost());
        } finally {
            CallDepth.exit(CallDepth.HTTP_CLIENT);
        }
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            c = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofMillis(timeoutMillis))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            client = c;
        }
        return c;
    }
}

package dev.vitals.agent.requests;

import dev.vitals.exporter.prometheus.MetricsSink;
import dev.vitals.exporter.prometheus.MetricsSource;

/**
 * {@code http_server_active_requests{http_request_method}}: requests in flight, read at scrape time.
 * Only methods that have been seen are listed (GET always), so made-up methods add no series and a series
 * never comes and goes. Thread-safe: it only reads.
 */
final class ActiveRequestsSource implements MetricsSource {
    private static final String[] LABELS = {"http_request_method"};
    private static final String HELP = "Number of HTTP server requests in flight.";

    private final RequestMetrics metrics;

    ActiveRequestsSource(RequestMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void collect(MetricsSink sink) {
        for (int i = 0; i < HttpMethods.count(); i++) {
            if (i == 0 || metrics.seen(i)) {
                sink.gauge(RequestMetrics.ACTIVE, HELP, "", LABELS, new String[] {HttpMethods.NAMES[i]}, metrics.active(i));
            }
        }
    }
}

package dev.vitals.agent.services;

import dev.vitals.exporter.prometheus.MetricsSink;
import dev.vitals.exporter.prometheus.MetricsSource;

import java.util.HashSet;
import java.util.Set;

/**
 * {@code vitals_circuit_breaker_state{service,state}}: 1 for each breaker's current state, 0 for the others.
 * Vitals' per-service views and the application's Resilience4j breakers both appear; when a Resilience4j breaker
 * has the name of a service, its real state is reported.
 */
final class BreakerMetrics implements MetricsSource {
    static final String NAME = "vitals_circuit_breaker_state";
    private static final String HELP = "1 for the current state of each circuit breaker (Vitals' view per external "
            + "service, and the application's Resilience4j breakers), 0 otherwise.";
    private static final String[] LABELS = {"service", "state"};
    private static final String[] STATES = {"CLOSED", "OPEN", "HALF_OPEN"};

    private final Services services;

    BreakerMetrics(Services services) {
        this.services = services;
    }

    @Override
    public void collect(MetricsSink sink) {
        Set<String> done = new HashSet<>();
        for (Resilience4jBreakers.Entry e : services.resilience4j().all()) {
            String current = e.state();
            done.add(e.name());
            write(sink, e.name(), current);
        }
        for (ServiceState s : services.all()) {
            if (done.add(s.name())) {
                write(sink, s.name(), s.state().name());
            }
        }
    }

    private static void write(MetricsSink sink, String service, String current) {
        boolean standard = false;
        for (String state : STATES) {
            standard |= state.equals(current);
            sink.gauge(NAME, HELP, "", LABELS, new String[] {service, state}, state.equals(current) ? 1 : 0);
        }
        if (!standard) {
            // Resilience4j's other states: DISABLED, FORCED_OPEN, METRICS_ONLY.
            sink.gauge(NAME, HELP, "", LABELS, new String[] {service, current}, 1);
        }
    }
}

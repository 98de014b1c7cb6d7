package dev.vitals.agent.metrics;

import dev.vitals.exporter.prometheus.MetricsSink;
import dev.vitals.exporter.prometheus.MetricsSource;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exposes every exported timer family of the registry as a Prometheus histogram and every exported counter family
 * as a counter. Timers are read as of their last rotation (the scrape rotates first, see
 * {@code AgentContext.rotateNow}), so each histogram's {@code _count} equals its {@code +Inf} bucket.
 */
public final class RegistryMetrics implements MetricsSource {
    private static final MetricDescriptor FALLBACK =
            new MetricDescriptor("Duration recorded by Vitals.", "seconds", MetricDescriptor.DURATION_BUCKETS);

    private final MetricRegistry registry;
    private final Map<String, MetricDescriptor> descriptors = new ConcurrentHashMap<>();

    public RegistryMetrics(MetricRegistry registry) {
        this.registry = registry;
        describe("jvm_gc_duration_seconds", new MetricDescriptor("Duration of JVM garbage collection actions.", "seconds",
                MetricDescriptor.GC_BUCKETS));
    }

    /** Registers the help, unit and buckets of a family; instrumentations call this when they install. */
    public void describe(String family, MetricDescriptor descriptor) {
        descriptors.put(family, descriptor);
    }

    @Override
    public void collect(MetricsSink sink) {
        for (TimerFamily family : registry.timerFamilies()) {
            MetricDescriptor d = descriptors.getOrDefault(family.name(), FALLBACK);
            double[] bounds = d.buckets();
            double scale = d.scale();
            double[] timerBounds = bounds.clone();
            for (int i = 0; i < timerBounds.length; i++) {
                timerBounds[i] /= scale;
            }
            String[] labelNames = family.labelNames();
            family.forEach((labelValues, timer) -> {
                Lifetime lifetime = timer.lifetime();
                long[] cumulative = new long[bounds.length];
                lifetime.cumulativeBuckets(timerBounds, cumulative);
                sink.histogram(family.name(), d.help(), d.unit(), labelNames, labelValues, bounds, cumulative,
                        lifetime.sumSeconds() * scale, lifetime.count());
            });
        }
        for (CounterFamily family : registry.counterFamilies()) {
            MetricDescriptor d = descriptors.get(family.name());
            String help = d != null ? d.help() : "Count recorded by Vitals.";
            String unit = d != null ? d.unit() : "";
            String[] labelNames = family.labelNames();
            family.forEach((labelValues, counter) ->
                    sink.counter(family.name(), help, unit, labelNames, labelValues, counter.sum()));
        }
    }
}

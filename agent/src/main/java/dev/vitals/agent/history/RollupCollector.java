package dev.vitals.agent.history;

import dev.vitals.agent.metrics.Counter;
import dev.vitals.agent.metrics.CounterFamily;
import dev.vitals.agent.metrics.MetricRegistry;
import dev.vitals.agent.metrics.Timer;
import dev.vitals.agent.metrics.TimerFamily;
import dev.vitals.exporter.prometheus.MetricsSink;
import dev.vitals.exporter.prometheus.MetricsSource;
import org.HdrHistogram.Histogram;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Takes one rollup from the live metrics without touching the recording path: every timer family of the registry
 * (request, route, JDBC, Redis, HTTP-client, pool-wait, GC... whatever is registered, with no code per family),
 * every counter family, the gauges and counters of the configured metric sources, and the system figures.
 *
 * <p><b>Timers.</b> A timer keeps a ring of 5 s slices, each labelled with the epoch of the rotation that filled
 * it. Slices of a past interval {@code [a, b)} are read as "window from {@code a} to now" minus "window from
 * {@code b} to now": {@code addWindowTo} always counts back from the newest rotation, so this difference is the
 * only way to address a past interval exactly. Both windows are read on the agent scheduler, the thread that
 * rotates, so no rotation falls between them. An interval more than one window span old (15 minutes) can no
 * longer be read; the caller never asks for one.
 *
 * <p><b>Counters.</b> Counters are monotonic sums; a rollup stores the increase since the previous rollup (for a
 * counter restored from disk, since its restored total).
 *
 * <p>Not thread-safe: one scheduler thread uses it. Two scratch histograms (about 27 KB each) are reused.
 */
class RollupCollector {
    private static final int MAX_SOURCE_SERIES = 2_000;

    private final MetricRegistry registry;
    private final Supplier<List<MetricsSource>> sources;
    private final String[] gaugePrefixes;
    private final SystemSampler system;
    private final Histogram from = Timer.newHistogram();
    private final Histogram later = Timer.newHistogram();
    private final Map<Counter, Long> previousCounters = new IdentityHashMap<>();
    private Map<SeriesKey, Double> previousSourceCounters = new HashMap<>();

    /**
     * @param gaugePrefixes name prefixes of source gauges and counters to keep; {@code "*"} keeps all
     * @param system        null to leave out system figures (tests)
     */
    RollupCollector(MetricRegistry registry, Supplier<List<MetricsSource>> sources, String[] gaugePrefixes,
                    SystemSampler system) {
        this.registry = registry;
        this.sources = sources;
        this.gaugePrefixes = gaugePrefixes;
        this.system = system;
    }

    /** The latency histograms of every timer series for {@code [a, b)}, read at {@code now >= b}. */
    Map<SeriesKey, SparseHistogram> timers(long a, long b, long now) {
        Map<SeriesKey, SparseHistogram> out = new HashMap<>();
        long slice = registry.windowConfig().sliceMillis();
        long newest = Math.floorDiv(now, slice);
        long ka = newest - Math.floorDiv(a, slice) + 1;
        long kb = newest - Math.floorDiv(b, slice) + 1;
        if (ka <= 0) {
            return out;
        }
        for (TimerFamily family : registry.timerFamilies()) {
            String[] labelNames = family.labelNames();
            family.forEach((labelValues, timer) -> {
                // Resetting clears a 24 KB counts array: skip it when nothing was added since the last reset.
                if (from.getTotalCount() != 0) {
                    from.reset();
                }
                timer.addWindowTo(from, ka * slice, now);
                if (from.getTotalCount() == 0) {
                    return;
                }
                if (kb > 0) {
                    if (later.getTotalCount() != 0) {
                        later.reset();
                    }
                    timer.addWindowTo(later, kb * slice, now);
                    if (later.getTotalCount() > 0) {
                        from.subtract(later);
                    }
                }
                if (from.getTotalCount() > 0) {
                    out.put(new SeriesKey(family.name(), labelNames, labelValues), SparseHistogram.of(from));
                }
            });
        }
        return out;
    }

    /** Counter increases since the previous call, registry families and source counters alike. */
    Map<SeriesKey, Long> counters() {
        Map<SeriesKey, Long> out = new HashMap<>();
        for (CounterFamily family : registry.counterFamilies()) {
            String[] labelNames = family.labelNames();
            family.forEach((labelValues, counter) -> {
                long sum = counter.sum();
                Long before = previousCounters.put(counter, sum);
                // A counter restored after a restart starts from its restored total, which history already has.
                long delta = sum - (before == null ? counter.restored() : before);
                if (delta > 0) {
                    out.put(new SeriesKey(family.name(), labelNames, labelValues), delta);
                }
            });
        }
        return out;
    }

    /** System figures, plus the gauges and counter increases of the metric sources whose names are configured. */
    Map<SeriesKey, GaugeStats> gaugesAndSourceCounters(Map<SeriesKey, Long> counters) {
        Map<SeriesKey, GaugeStats> gauges = new HashMap<>();
        if (system != null) {
            system.sample(gauges);
        }
        if (gaugePrefixes.length == 0) {
            return gauges;
        }
        Map<SeriesKey, Double> sourceCounters = new HashMap<>();
        MetricsSink sink = new MetricsSink() {
            @Override
            public void gauge(String name, String help, String unit, String[] labelNames, String[] labelValues,
                              double value) {
                if (wanted(name) && gauges.size() < MAX_SOURCE_SERIES && !Double.isNaN(value)) {
                    gauges.merge(key(name, labelNames, labelValues), GaugeStats.of(value), GaugeStats::merge);
                }
            }

            @Override
            public void counter(String name, String help, String unit, String[] labelNames, String[] labelValues,
                                double value) {
                if (wanted(name) && sourceCounters.size() < MAX_SOURCE_SERIES) {
                    sourceCounters.put(key(name + "_total", labelNames, labelValues), value);
                }
            }

            @Override
            public void histogram(String name, String help, String unit, String[] labelNames, String[] labelValues,
                                  double[] upperBounds, long[] cumulativeCounts, double sum, long count) {
                // Histograms of sources are not kept; registry timers are, with full buckets.
            }

            @Override
            public void info(String name, String help, String[] labelNames, String[] labelValues) {
            }
        };
        for (MetricsSource source : sources.get()) {
            try {
                source.collect(sink);
            } catch (RuntimeException e) {
                // A broken source must not stop the rollup; the Prometheus endpoint reports it.
            }
        }
        for (Map.Entry<SeriesKey, Double> e : sourceCounters.entrySet()) {
            Double before = previousSourceCounters.get(e.getKey());
            long delta = Math.round(e.getValue() - (before == null ? 0 : before));
            if (delta > 0) {
                counters.merge(e.getKey(), delta, Long::sum);
            }
        }
        previousSourceCounters = sourceCounters;
        return gauges;
    }

    private boolean wanted(String name) {
        for (String p : gaugePrefixes) {
            if (p.equals("*") || name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static SeriesKey key(String name, String[] labelNames, String[] labelValues) {
        String[] values = new String[labelValues.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = labelValues[i] == null ? "" : labelValues[i];
        }
        return new SeriesKey(name, labelNames.clone(), values);
    }
}

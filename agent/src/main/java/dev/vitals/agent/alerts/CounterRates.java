package dev.vitals.agent.alerts;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-second rates of counters over a window, from the totals seen at successive evaluations: the
 * {@code "aggregation": "rate"} of a rule, so that a cache hit rate compares the last minutes rather than the
 * process's whole life. A total lower than an earlier one is a reset (the series restarted) and counts from 0,
 * as Prometheus's {@code rate()} does.
 *
 * <p>Bounded: at most {@value #MAX_SERIES} series (the least recently added go first) and one sample per
 * series per second within the window. Thread-safe (synchronized); used by the evaluation thread.
 */
final class CounterRates {
    static final int MAX_SERIES = 2000;
    static final long MIN_SPACING_MILLIS = 1_000;

    private final long windowMillis;
    private final Map<String, Deque<double[]>> series = new LinkedHashMap<>();

    CounterRates(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    /** Records the total of one series and returns its per-second rate over the window; NaN until two samples. */
    synchronized double rate(String key, long now, double total) {
        Deque<double[]> samples = series.get(key);
        if (samples == null) {
            if (series.size() >= MAX_SERIES) {
                String eldest = series.keySet().iterator().next();
                series.remove(eldest);
            }
            samples = new ArrayDeque<>();
            series.put(key, samples);
        }
        if (samples.isEmpty() || now - samples.peekLast()[0] >= MIN_SPACING_MILLIS) {
            samples.addLast(new double[] {now, total});
        }
        while (samples.size() > 2 && samples.peekFirst()[0] < now - windowMillis) {
            samples.removeFirst();
        }
        if (samples.size() < 2) {
            return Double.NaN;
        }
        double increase = 0;
        double previous = Double.NaN;
        for (double[] s : samples) {
            if (!Double.isNaN(previous)) {
                increase += s[1] >= previous ? s[1] - previous : s[1];
            }
            previous = s[1];
        }
        double seconds = (samples.peekLast()[0] - samples.peekFirst()[0]) / 1000.0;
        return seconds <= 0 ? Double.NaN : increase / seconds;
    }
}

package dev.vitals.agent.history;

/**
 * Samples of one gauge within a rollup: how many, their sum, minimum, maximum and the last one. Immutable.
 */
final class GaugeStats {
    final long samples;
    final double sum;
    final double min;
    final double max;
    final double last;

    GaugeStats(long samples, double sum, double min, double max, double last) {
        this.samples = samples;
        this.sum = sum;
        this.min = min;
        this.max = max;
        this.last = last;
    }

    static GaugeStats of(double value) {
        return new GaugeStats(1, value, value, value, value);
    }

    double mean() {
        return samples == 0 ? 0 : sum / samples;
    }

    /** {@code this} followed in time by {@code later}. */
    GaugeStats merge(GaugeStats later) {
        return new GaugeStats(samples + later.samples, sum + later.sum, Math.min(min, later.min),
                Math.max(max, later.max), later.last);
    }
}

package dev.vitals.agent.metrics;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

/**
 * The merged figures of one timer window (or of several merged). All figures are in milliseconds and are
 * HdrHistogram's: a percentile is the highest value equivalent to the recorded one (at most 1 % above it), the
 * mean is the mean of bucket midpoints. An empty snapshot reports 0 for everything.
 *
 * <p>Immutable and thread-safe: the histogram inside is never modified after construction, and
 * {@link #histogram()} returns a copy.
 */
public final class Snapshot {
    private final Histogram histogram;
    private final long windowMillis;

    /** Takes ownership of {@code histogram}; the caller must not modify it afterwards. */
    Snapshot(Histogram histogram, long windowMillis) {
        this.histogram = histogram;
        this.windowMillis = windowMillis;
    }

    /** A snapshot of a copy of {@code source} (values in microseconds, e.g. from {@link Timer#newHistogram()}). */
    public static Snapshot of(AbstractHistogram source, long windowMillis) {
        Histogram copy = Timer.newHistogram();
        copy.add(source);
        return new Snapshot(copy, windowMillis);
    }

    /** The time covered: the requested window rounded up to whole slices. */
    public long windowMillis() {
        return windowMillis;
    }

    public long count() {
        return histogram.getTotalCount();
    }

    public double meanMillis() {
        return count() == 0 ? 0.0 : histogram.getMean() / 1_000.0;
    }

    public double minMillis() {
        return count() == 0 ? 0.0 : histogram.getMinNonZeroValue() / 1_000.0;
    }

    public double maxMillis() {
        return count() == 0 ? 0.0 : histogram.getMaxValue() / 1_000.0;
    }

    /** The value at percentile {@code p}, clamped to {@code [0, 100]} (NaN reads as 0). */
    public double percentileMillis(double p) {
        if (count() == 0) {
            return 0.0;
        }
        double clamped = p >= 0 ? Math.min(p, 100.0) : 0.0;
        return histogram.getValueAtPercentile(clamped) / 1_000.0;
    }

    public double p50() {
        return percentileMillis(50);
    }

    public double p95() {
        return percentileMillis(95);
    }

    public double p99() {
        return percentileMillis(99);
    }

    /** A copy of the merged histogram (values in microseconds), for figures this class does not offer. */
    public Histogram histogram() {
        return histogram.copy();
    }
}

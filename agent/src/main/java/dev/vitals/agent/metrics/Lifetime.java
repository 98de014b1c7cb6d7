package dev.vitals.agent.metrics;

import org.HdrHistogram.AbstractHistogram;

/**
 * A timer's totals since it was created, as of one rotation: count, sum and the buckets for Prometheus
 * histograms. Count, sum and buckets come from the same rotation, so {@code _count} equals the {@code +Inf}
 * bucket. (The sum is read right after the counts are drained, so a value being recorded at that instant may
 * appear in the sum one rotation before it appears in the count.)
 *
 * <p>Immutable and thread-safe.
 */
public final class Lifetime {
    static final Lifetime EMPTY = new Lifetime(CompactCounts.EMPTY, 0);

    private final CompactCounts counts;
    private final long sumNanos;

    Lifetime(CompactCounts counts, long sumNanos) {
        this.counts = counts;
        this.sumNanos = sumNanos;
    }

    public long count() {
        return counts.totalCount();
    }

    public double sumSeconds() {
        return sumNanos / 1e9;
    }

    long sumNanos() {
        return sumNanos;
    }

    /**
     * Fills {@code out[i]} with the number of values at or below {@code upperBoundsSeconds[i]}. Bounds must be
     * strictly ascending; pass {@link Double#POSITIVE_INFINITY} last to get {@link #count()} there. A value is
     * placed by the lowest value of its HdrHistogram bucket, so values within one bucket width (under 1 %)
     * above a bound may count toward it; a value exactly at a bound always does.
     *
     * @throws IllegalArgumentException if the bounds are not ascending or {@code out} is shorter than them
     */
    public void cumulativeBuckets(double[] upperBoundsSeconds, long[] out) {
        counts.cumulative(upperBoundsSeconds, out);
    }

    /** Adds the lifetime values (microseconds) to {@code target}, e.g. to persist them. */
    public void addTo(AbstractHistogram target) {
        counts.addTo(target);
    }
}

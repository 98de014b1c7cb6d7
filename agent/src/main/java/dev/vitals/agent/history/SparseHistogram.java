package dev.vitals.agent.history;

import dev.vitals.agent.metrics.Timer;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.Arrays;
import java.util.List;

/**
 * The non-zero buckets of an HdrHistogram with the structure {@link Timer} uses (microseconds, 2 significant
 * digits): ascending bucket values (the lowest value of each bucket) with their counts.
 *
 * <p>Why not HdrHistogram's own byte encoding: decoding it allocates a full histogram (about 27 KB) per record,
 * and a weekly report merges tens of thousands of them. Kept sparse, a one-minute rollup of a route costs about
 * 2 to 3 bytes per distinct bucket on disk (delta-encoded varints), and merging visits only non-zero buckets.
 * Because the buckets are HdrHistogram's own, {@link #addTo} rebuilds the exact counts array, so a percentile of
 * merged rollups is exactly the percentile HdrHistogram gives for all the raw values together (a week's p95 is
 * a true p95, not an average of p95s).
 *
 * <p>Immutable and thread-safe.
 */
final class SparseHistogram {
    static final SparseHistogram EMPTY = new SparseHistogram(new long[0], new long[0], 0);
    /** More buckets than the timer structure has; a decoded record claiming more is corrupt. */
    private static final int MAX_BUCKETS = 1 << 16;

    private final long[] values;
    private final long[] counts;
    private final long totalCount;

    private SparseHistogram(long[] values, long[] counts, long totalCount) {
        this.values = values;
        this.counts = counts;
        this.totalCount = totalCount;
    }

    /** The non-zero buckets of {@code h}; {@code h} is not modified. */
    static SparseHistogram of(AbstractHistogram h) {
        long total = h.getTotalCount();
        if (total == 0) {
            return EMPTY;
        }
        long[] v = new long[32];
        long[] c = new long[32];
        int n = 0;
        for (HistogramIterationValue it : h.recordedValues()) {
            if (n == v.length) {
                v = Arrays.copyOf(v, n * 2);
                c = Arrays.copyOf(c, n * 2);
            }
            v[n] = h.lowestEquivalentValue(it.getValueIteratedTo());
            c[n] = it.getCountAtValueIteratedTo();
            n++;
        }
        return new SparseHistogram(Arrays.copyOf(v, n), Arrays.copyOf(c, n), total);
    }

    /** Test helper: buckets of the given raw microsecond values. */
    static SparseHistogram ofValues(long... micros) {
        Histogram h = Timer.newHistogram();
        for (long m : micros) {
            h.recordValue(m);
        }
        return of(h);
    }

    long totalCount() {
        return totalCount;
    }

    int bucketCount() {
        return values.length;
    }

    boolean isEmpty() {
        return totalCount == 0;
    }

    /** {@code this + other} as a new instance. */
    SparseHistogram merge(SparseHistogram other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        long[] v = new long[values.length + other.values.length];
        long[] c = new long[v.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < values.length || j < other.values.length) {
            if (j >= other.values.length || (i < values.length && values[i] < other.values[j])) {
                v[n] = values[i];
                c[n++] = counts[i++];
            } else if (i >= values.length || other.values[j] < values[i]) {
                v[n] = other.values[j];
                c[n++] = other.counts[j++];
            } else {
                v[n] = values[i];
                c[n++] = counts[i++] + other.counts[j++];
            }
        }
        return new SparseHistogram(Arrays.copyOf(v, n), Arrays.copyOf(c, n), totalCount + other.totalCount);
    }

    /**
     * The sum of many parts, through one scratch histogram (which is reset first): merging pairwise would copy
     * the growing result once per part, which for an hour of minute rollups of 1,000 series allocated hundreds of
     * megabytes.
     */
    static SparseHistogram sum(List<SparseHistogram> parts, Histogram scratch) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        scratch.reset();
        for (SparseHistogram p : parts) {
            p.addTo(scratch);
        }
        return of(scratch);
    }

    /** Records every bucket into {@code target}, which must have {@link Timer#newHistogram()}'s structure. */
    void addTo(AbstractHistogram target) {
        for (int i = 0; i < values.length; i++) {
            target.recordValueWithCount(values[i], counts[i]);
        }
    }

    /** Bucket count, then (value delta, count) varint pairs. */
    void encode(ByteCodec.Writer out) {
        out.writeVarLong(values.length);
        long previous = 0;
        for (int i = 0; i < values.length; i++) {
            out.writeVarLong(values[i] - previous);
            out.writeVarLong(counts[i]);
            previous = values[i];
        }
    }

    static SparseHistogram decode(ByteCodec.Reader in) {
        int n = in.readCount(MAX_BUCKETS);
        if (n == 0) {
            return EMPTY;
        }
        long[] v = new long[n];
        long[] c = new long[n];
        long previous = 0;
        long total = 0;
        for (int i = 0; i < n; i++) {
            long delta = in.readVarLong();
            long count = in.readVarLong();
            if ((i > 0 && delta <= 0) || delta < 0 || count <= 0 || previous + delta > Timer.HIGHEST_TRACKABLE_MICROS * 2) {
                throw new IllegalArgumentException("malformed histogram bucket " + i);
            }
            previous += delta;
            v[i] = previous;
            c[i] = count;
            total += count;
        }
        return new SparseHistogram(v, c, total);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SparseHistogram && Arrays.equals(values, ((SparseHistogram) o).values)
                && Arrays.equals(counts, ((SparseHistogram) o).counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values) * 31 + Arrays.hashCode(counts);
    }
}

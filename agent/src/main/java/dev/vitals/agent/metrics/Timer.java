package dev.vitals.agent.metrics;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.atomic.LongAdder;

/**
 * One latency series.
 *
 * <p><b>Record side.</b> {@link #record(long)} may be called by any number of threads at once. It is wait-free
 * on platforms with an atomic increment (it is HdrHistogram's {@link Recorder} plus one {@link LongAdder}),
 * allocates nothing in steady state and throws nothing. Values are stored in microseconds with 2 significant
 * digits, clamped to {@code [1 µs, 1 h]}.
 *
 * <p><b>Read side.</b> {@link #rotate(long)} is called periodically (by the agent's scheduler, once per slice)
 * and moves what was recorded since the previous rotation into a ring of window slices and into the lifetime
 * totals. {@link #window(long, long)} and {@link #lifetime()} only see rotated data: figures are as of the last
 * rotation. Recorded values are attributed to the slice that contains the rotation time. Read-side methods may
 * be called from any thread; {@code rotate} and window queries serialize on this object.
 *
 * <p><b>Memory.</b> The recorder needs two full HdrHistograms (active and interval, about 27 KB each). A slice
 * that received nothing is {@code null}; a slice with values is a {@link CompactCounts} (about 2 to 3 bytes per
 * distinct bucket). When a timer has been idle long enough for all of its slices to expire, rotation releases
 * its recorder and ring, so an idle series keeps only its lifetime buckets; the next {@code record} makes a new
 * recorder (one allocation, then steady state again).
 */
public final class Timer {
    /** Largest value stored: one hour, in microseconds. Longer durations are recorded as one hour. */
    public static final long HIGHEST_TRACKABLE_MICROS = TimeUnit.HOURS.toMicros(1);
    /** HdrHistogram precision: 2 digits, so any value is within 1 % of what was recorded. */
    public static final int SIGNIFICANT_DIGITS = 2;

    /** Rotations that still drain a released recorder, for writers that read it just before its release. */
    private static final int RETIRED_DRAINS = 2;

    private static final AtomicReferenceFieldUpdater<Timer, Recorder> RECORDER =
            AtomicReferenceFieldUpdater.newUpdater(Timer.class, Recorder.class, "recorder");

    private final WindowConfig config;

    /** Null until the first record and after an idle release. Written by CAS (writers) or by rotate. */
    private volatile Recorder recorder;

    /**
     * Sum of recorded nanoseconds. LongAdder rather than AtomicLong: concurrent writers update striped cells
     * instead of retrying a CAS on one shared word (see the LongAdder javadoc on contention).
     */
    private final LongAdder sumNanos = new LongAdder();

    // ---- read side, guarded by "this" ----
    private Recorder readerRecorder;
    private Histogram readerRecycle;
    private Recorder retired;
    private Histogram retiredRecycle;
    private int retiredDrains;
    private long lastEpoch = Long.MIN_VALUE;
    private long idleRotations;
    /** Ring of slices, null when no slice holds data. Slot i holds epoch {@code epochs[i]} when non-null. */
    private CompactCounts[] slices;
    private long[] epochs;
    private CompactCounts lifetimeCounts = CompactCounts.EMPTY;

    /** Published at rotation; read lock-free. */
    private volatile Lifetime lifetime = Lifetime.EMPTY;

    /** A timer with {@link WindowConfig#DEFAULT} (5 s slices over 15 minutes). */
    public Timer() {
        this(WindowConfig.DEFAULT);
    }

    public Timer(WindowConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config is null");
        }
        this.config = config;
    }

    public WindowConfig config() {
        return config;
    }

    /**
     * Records one duration. Negative durations are ignored. Wait-free, allocation-free in steady state, never
     * throws.
     */
    public void record(long durationNanos) {
        if (durationNanos < 0) {
            return;
        }
        long micros = durationNanos / 1_000L;
        if (micros < 1) {
            micros = 1;
        } else if (micros > HIGHEST_TRACKABLE_MICROS) {
            micros = HIGHEST_TRACKABLE_MICROS;
        }
        Recorder r = recorder;
        if (r == null) {
            r = revive();
        }
        r.recordValue(micros);
        sumNanos.add(durationNanos);
    }

    /** Creates the recorder on first use or after an idle release; racing writers agree on one instance. */
    private Recorder revive() {
        Recorder fresh = new Recorder(1, HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);
        while (true) {
            if (RECORDER.compareAndSet(this, null, fresh)) {
                return fresh;
            }
            Recorder current = recorder;
            if (current != null) {
                return current;
            }
        }
    }

    /**
     * Moves everything recorded since the previous rotation into the slice that contains {@code nowMillis}
     * and into the lifetime totals. If {@code nowMillis} goes backwards, values go to the newest slice.
     */
    public void rotate(long nowMillis) {
        rotate(nowMillis, new CompactCounts.ByteSink());
    }

    synchronized void rotate(long nowMillis, CompactCounts.ByteSink sink) {
        long epoch = Math.max(Math.floorDiv(nowMillis, config.sliceMillis()), lastEpoch);
        lastEpoch = epoch;
        boolean any = false;
        Histogram current = drainCurrent();
        if (current != null && current.getTotalCount() > 0) {
            addInterval(epoch, current, sink);
            any = true;
        }
        Histogram old = drainRetired();
        if (old != null && old.getTotalCount() > 0) {
            addInterval(epoch, old, sink);
            any = true;
        }
        // Read after draining: the sum then includes every drained value whose writer has finished.
        long sum = sumNanos.sum();
        if (any || sum != lifetime.sumNanos()) {
            lifetime = new Lifetime(lifetimeCounts, sum);
        }
        expireSlices(epoch);
        if (any) {
            idleRotations = 0;
        } else {
            idleRotations++;
            maybeRelease();
        }
    }

    private Histogram drainCurrent() {
        Recorder r = recorder;
        if (r == null) {
            return null;
        }
        if (r != readerRecorder) {
            // First rotation since the recorder was (re)created: its interval histograms are new.
            readerRecorder = r;
            readerRecycle = null;
        }
        readerRecycle = r.getIntervalHistogram(readerRecycle);
        return readerRecycle;
    }

    private Histogram drainRetired() {
        if (retired == null) {
            return null;
        }
        retiredRecycle = retired.getIntervalHistogram(retiredRecycle);
        Histogram h = retiredRecycle;
        if (--retiredDrains == 0) {
            retired = null;
            retiredRecycle = null;
        }
        return h;
    }

    private void addInterval(long epoch, Histogram interval, CompactCounts.ByteSink sink) {
        int n = config.sliceCount();
        if (slices == null) {
            slices = new CompactCounts[n];
            epochs = new long[n];
        }
        int i = (int) Math.floorMod(epoch, (long) n);
        CompactCounts existing = slices[i] != null && epochs[i] == epoch ? slices[i] : null;
        slices[i] = CompactCounts.merge(existing, interval, sink);
        epochs[i] = epoch;
        lifetimeCounts = CompactCounts.merge(lifetimeCounts, interval, sink);
    }

    private void expireSlices(long epoch) {
        if (slices == null) {
            return;
        }
        long oldestLive = epoch - config.sliceCount() + 1;
        boolean live = false;
        for (int i = 0; i < slices.length; i++) {
            if (slices[i] != null) {
                if (epochs[i] < oldestLive) {
                    slices[i] = null;
                } else {
                    live = true;
                }
            }
        }
        if (!live) {
            slices = null;
            epochs = null;
        }
    }

    /**
     * Releases the recorder once nothing is left in the window and the timer has been idle for a whole span.
     * A writer that read the recorder just before the release still records into it; the next
     * {@link #RETIRED_DRAINS} rotations drain it, so only a writer stalled that long between two instructions
     * could lose its one value.
     */
    private void maybeRelease() {
        Recorder r = readerRecorder;
        if (r != null && retired == null && slices == null && idleRotations >= config.sliceCount()
                && RECORDER.compareAndSet(this, r, null)) {
            retired = r;
            retiredRecycle = readerRecycle;
            retiredDrains = RETIRED_DRAINS;
            readerRecorder = null;
            readerRecycle = null;
        }
    }

    /**
     * The merged figures of the slices within {@code windowMillis} before {@code nowMillis}, rounded up to whole
     * slices and clamped to {@code [one slice, WindowConfig.spanMillis()]}. As of the last rotation.
     */
    public Snapshot window(long windowMillis, long nowMillis) {
        Histogram merged = newHistogram();
        int slicesRead = addWindowTo(merged, windowMillis, nowMillis);
        return new Snapshot(merged, slicesRead * config.sliceMillis());
    }

    /**
     * Adds the window's values to {@code target} (which should come from {@link #newHistogram()}), e.g. to merge
     * several series into one. Returns the number of slices the window covers.
     */
    public int addWindowTo(AbstractHistogram target, long windowMillis, long nowMillis) {
        int k = config.slicesFor(windowMillis);
        synchronized (this) {
            if (slices != null) {
                long newest = Math.max(Math.floorDiv(nowMillis, config.sliceMillis()), lastEpoch);
                long oldest = newest - k + 1;
                for (int i = 0; i < slices.length; i++) {
                    CompactCounts s = slices[i];
                    if (s != null && epochs[i] >= oldest && epochs[i] <= newest) {
                        s.addTo(target);
                    }
                }
            }
        }
        return k;
    }

    /**
     * Lifetime count, sum and buckets, all from the same rotation so that a Prometheus {@code _count} equals its
     * {@code +Inf} bucket. Lock-free; the returned object is immutable.
     */
    public Lifetime lifetime() {
        return lifetime;
    }

    /** Values recorded up to the last rotation. Same as {@code lifetime().count()}. */
    public long lifetimeCount() {
        return lifetime.count();
    }

    /** Sum of durations recorded up to the last rotation, in seconds. Same as {@code lifetime().sumSeconds()}. */
    public double lifetimeSumSeconds() {
        return lifetime.sumSeconds();
    }

    /**
     * Cumulative lifetime counts for Prometheus {@code le} buckets, as of the last rotation. Call
     * {@link #lifetime()} once and read count, sum and buckets from it when they must agree with one another;
     * these three convenience methods may straddle a rotation.
     *
     * @see Lifetime#cumulativeBuckets(double[], long[])
     */
    public void lifetimeCumulativeBuckets(double[] upperBoundsSeconds, long[] out) {
        lifetime.cumulativeBuckets(upperBoundsSeconds, out);
    }

    /**
     * Adds values persisted before a restart to the lifetime totals (Prometheus count, sum and buckets), not to
     * any window slice: window readers (alerts, history) see only what is recorded after the restart.
     *
     * @param micros the values, in microseconds, as {@link Lifetime#addTo} gave them
     */
    public synchronized void restoreLifetime(AbstractHistogram micros, long sumNanosToAdd) {
        if (micros.getTotalCount() == 0) {
            return;
        }
        lifetimeCounts = CompactCounts.merge(lifetimeCounts, micros, new CompactCounts.ByteSink());
        sumNanos.add(sumNanosToAdd);
        lifetime = new Lifetime(lifetimeCounts, sumNanos.sum());
    }

    /** An empty histogram with the structure timers use (values in microseconds). */
    public static Histogram newHistogram() {
        return new Histogram(1, HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);
    }

    // ---- for tests and footprint reports ----

    synchronized boolean hasRecorder() {
        return recorder != null || retired != null;
    }

    synchronized int liveSlices() {
        int live = 0;
        if (slices != null) {
            for (CompactCounts s : slices) {
                if (s != null) {
                    live++;
                }
            }
        }
        return live;
    }

    /** Bytes held by slices and the ring (not the recorder). */
    synchronized long sliceFootprintBytes() {
        if (slices == null) {
            return 0;
        }
        long bytes = 16 + 4L * slices.length + 16 + 8L * epochs.length;
        for (CompactCounts s : slices) {
            if (s != null) {
                bytes += s.footprintBytes();
            }
        }
        return bytes;
    }
}

package dev.vitals.agent.metrics;

/**
 * The ring of window slices every {@link Timer} keeps: how long one slice is and how many there are. A window
 * query is answered from whole slices, so the slice length is the resolution of every window and
 * {@link #spanMillis()} is the longest window that can be answered.
 *
 * <p>Immutable and thread-safe.
 */
public final class WindowConfig {
    /** Default slice length: 5 s, the agent's rotation period. */
    public static final long DEFAULT_SLICE_MILLIS = 5_000L;
    /** Default span: 15 minutes, the longest window a query may ask for. */
    public static final long DEFAULT_SPAN_MILLIS = 15L * 60_000L;
    /** Default query window (the {@code window} key): 5 minutes. */
    public static final long DEFAULT_WINDOW_MILLIS = 5L * 60_000L;
    /** Upper bound on slices: the ring costs 12 bytes per slot for every active timer. */
    public static final int MAX_SLICES = 10_000;

    /** 5 s slices covering 15 minutes (180 slices). */
    public static final WindowConfig DEFAULT = covering(DEFAULT_SLICE_MILLIS, DEFAULT_SPAN_MILLIS);

    private final long sliceMillis;
    private final int sliceCount;

    /**
     * @param sliceMillis length of one slice, at least 1 ms
     * @param sliceCount  number of slices, 1 to {@link #MAX_SLICES}
     * @throws IllegalArgumentException if either is out of range
     */
    public WindowConfig(long sliceMillis, int sliceCount) {
        if (sliceMillis < 1) {
            throw new IllegalArgumentException("sliceMillis must be >= 1, was ".concat(Long.toString(sliceMillis)));
        }
        if (sliceCount < 1 || sliceCount > MAX_SLICES) {
            throw new IllegalArgumentException("sliceCount must be in [1, " + MAX_SLICES + "], was " + sliceCount);
        }
        if (sliceMillis > Long.MAX_VALUE / sliceCount) {
            throw new IllegalArgumentException("sliceMillis * sliceCount overflows");
        }
        this.sliceMillis = sliceMillis;
        this.sliceCount = sliceCount;
    }

    /**
     * Slices of {@code sliceMillis} enough to cover {@code spanMillis} (rounded up to whole slices).
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public static WindowConfig covering(long sliceMillis, long spanMillis) {
        if (sliceMillis < 1 || spanMillis < 1) {
            throw new IllegalArgumentException("sliceMillis and spanMillis must be >= 1, were "
                    + sliceMillis + " and " + spanMillis);
        }
        long count = (spanMillis + sliceMillis - 1) / sliceMillis;
        if (count > MAX_SLICES) {
            throw new IllegalArgumentException("span " + spanMillis + " ms needs " + count + " slices of "
                    + sliceMillis + " ms; at most " + MAX_SLICES + " are allowed");
        }
        return new WindowConfig(sliceMillis, (int) count);
    }

    public long sliceMillis() {
        return sliceMillis;
    }

    public int sliceCount() {
        return sliceCount;
    }

    /** The longest window that can be answered: {@code sliceMillis * sliceCount}. */
    public long spanMillis() {
        return sliceMillis * sliceCount;
    }

    /**
     * How many slices a window of {@code windowMillis} reads: rounded up to whole slices and clamped to
     * {@code [1, sliceCount]}.
     */
    public int slicesFor(long windowMillis) {
        if (windowMillis <= sliceMillis) {
            return 1;
        }
        long slices = windowMillis / sliceMillis + (windowMillis % sliceMillis == 0 ? 0 : 1);
        return (int) Math.min(slices, sliceCount);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowConfig
                && ((WindowConfig) o).sliceMillis == sliceMillis
                && ((WindowConfig) o).sliceCount == sliceCount;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sliceMillis) * 31 + sliceCount;
    }

    @Override
    public String toString() {
        return "WindowConfig[" + sliceCount + " x " + sliceMillis + " ms]";
    }
}

package dev.vitals.agent.health;

/**
 * Availability from the health history: the aggregate status is sampled at a fixed interval into a ring
 * covering the tracking window, and availability is the share of samples in which the service was not
 * unhealthy. Memory is fixed (one byte per sample). Thread-safe; sampling and reading are cheap.
 */
public final class Availability {
    private final byte[] ring;
    private final long intervalMillis;
    private long samples;
    private int unhealthyInRing;

    /**
     * @param windowMillis   how far back availability looks (e.g. 24 h)
     * @param intervalMillis the sampling interval (e.g. 10 s)
     */
    public Availability(long windowMillis, long intervalMillis) {
        this.intervalMillis = intervalMillis;
        this.ring = new byte[(int) Math.max(1, Math.min(1_000_000, windowMillis / intervalMillis))];
    }

    public long intervalMillis() {
        return intervalMillis;
    }

    /** Records one sample of the aggregate status. */
    public synchronized void sample(HealthStatus status) {
        int slot = (int) (samples % ring.length);
        if (samples >= ring.length && ring[slot] == 1) {
            unhealthyInRing--;
        }
        byte value = (byte) (status == HealthStatus.UNHEALTHY ? 1 : 0);
        ring[slot] = value;
        unhealthyInRing += value;
        samples++;
    }

    /** Percent of sampled time not unhealthy within the window; 100 before the first sample. */
    public synchronized double percent() {
        long n = Math.min(samples, ring.length);
        return n == 0 ? 100.0 : 100.0 * (n - unhealthyInRing) / n;
    }

    /** How much time the samples cover, in milliseconds. */
    public synchronized long coveredMillis() {
        return Math.min(samples, ring.length) * intervalMillis;
    }
}

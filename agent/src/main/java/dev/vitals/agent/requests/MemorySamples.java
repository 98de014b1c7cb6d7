package dev.vitals.agent.requests;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Heap-in-use samples for the dashboard's average and peak memory. A sample is taken at most every
 * {@link #INTERVAL_MILLIS}, by whichever thread asks first ({@link #maybeSample}): the request windows'
 * rotation thread and readers of the dashboard; never a request thread. Heap use is read from
 * {@link Runtime}, which touches neither JMX nor any logging.
 *
 * <p>Thread-safe: a CAS on the next due time elects one sampler; the ring is written under a lock
 * (once per interval) and read under it.
 */
public final class MemorySamples {
    static final long INTERVAL_MILLIS = 5_000;
    /** 15 minutes of samples, the longest window. */
    private static final int CAPACITY = 180;

    private final AtomicLong nextDue = new AtomicLong();
    private final long[] times = new long[CAPACITY];
    private final long[] bytes = new long[CAPACITY];
    private int next;
    private int count;

    /** Takes a sample if one is due. Cheap when none is: one volatile read. */
    public void maybeSample(long nowMillis) {
        long due = nextDue.get();
        if (nowMillis >= due && nextDue.compareAndSet(due, nowMillis + INTERVAL_MILLIS)) {
            record(nowMillis, heapUsedBytes());
        }
    }

    synchronized void record(long nowMillis, long usedBytes) {
        times[next] = nowMillis;
        bytes[next] = usedBytes;
        next = (next + 1) % CAPACITY;
        count = Math.min(count + 1, CAPACITY);
    }

    static long heapUsedBytes() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Average, peak and current heap use in bytes over the window: {@code {avg, peak, current}}. */
    public long[] summary(long windowMillis, long nowMillis) {
        long current = heapUsedBytes();
        long sum = current;
        long peak = current;
        int n = 1;
        synchronized (this) {
            for (int i = 0; i < count; i++) {
                if (times[i] >= nowMillis - windowMillis) {
                    sum += bytes[i];
                    peak = Math.max(peak, bytes[i]);
                    n++;
                }
            }
        }
        return new long[] {sum / n, peak, current};
    }
}

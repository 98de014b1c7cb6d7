package dev.vitals.agent.alerts;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The memory-leak signal: the growth of heap used <em>after GC</em> (the baseline that garbage cannot
 * explain), in MB per minute, as the least-squares slope over the last {@code window}. Plain heap use climbs
 * and falls with every allocation burst; the after-GC baseline only climbs when objects stay reachable.
 *
 * <p>NaN until the samples cover half the window, so a fresh JVM warming its caches does not read as a leak.
 * Sampled by the alert evaluation thread; read also by {@code /metrics/realtime}, hence synchronized.
 */
final class LeakDetector {
    /** At most one sample per this many ms, whatever the evaluation interval: bounds memory to window / 1 s. */
    static final long MIN_SPACING_MILLIS = 1_000;

    private final long windowMillis;
    private final Deque<double[]> samples = new ArrayDeque<>();

    LeakDetector(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    void sample(long now) {
        sample(now, afterGcHeapBytes());
    }

    synchronized void sample(long now, double bytes) {
        if (Double.isNaN(bytes)) {
            return;
        }
        if (!samples.isEmpty() && now - samples.peekLast()[0] < MIN_SPACING_MILLIS) {
            return;
        }
        samples.addLast(new double[] {now, bytes});
        while (!samples.isEmpty() && samples.peekFirst()[0] < now - windowMillis) {
            samples.removeFirst();
        }
    }

    /** Heap growth after GC in MB per minute over the window; NaN without enough data. */
    synchronized double mbPerMinute() {
        if (samples.size() < 3 || samples.peekLast()[0] - samples.peekFirst()[0] < windowMillis / 2) {
            return Double.NaN;
        }
        double t0 = samples.peekFirst()[0];
        double n = samples.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (double[] s : samples) {
            double x = (s[0] - t0) / 60_000.0;
            double y = s[1] / (1024.0 * 1024.0);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double denominator = n * sxx - sx * sx;
        return denominator == 0 ? Double.NaN : (n * sxy - sx * sy) / denominator;
    }

    /** Sum of the heap pools' usage after their last collection; NaN when the JVM reports none. */
    static double afterGcHeapBytes() {
        long total = 0;
        boolean any = false;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP) {
                continue;
            }
            MemoryUsage u = pool.getCollectionUsage();
            if (u != null) {
                total += u.getUsed();
                any = true;
            }
        }
        return any ? total : Double.NaN;
    }
}

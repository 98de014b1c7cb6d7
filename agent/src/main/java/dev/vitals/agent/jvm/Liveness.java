package dev.vitals.agent.jvm;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.function.LongSupplier;

/**
 * The liveness verdict, from JVM-internal signals only: deadlocked threads, and the heap still nearly
 * full after GC for a sustained time. It never looks at an external system: Kubernetes restarts a pod
 * whose liveness fails, and restarting because the database is down only adds an outage.
 *
 * <p>Thread-safe: the only state is the time the heap was first seen exhausted.
 */
public final class Liveness {
    private final double heapFraction;
    private final long heapDurationMillis;
    private final LongSupplier clockMillis;
    private volatile long exhaustedSinceMillis = -1;

    public Liveness(double heapFraction, long heapDurationMillis, LongSupplier clockMillis) {
        this.heapFraction = heapFraction;
        this.heapDurationMillis = heapDurationMillis;
        this.clockMillis = clockMillis;
    }

    public Verdict evaluate() {
        long[] deadlocked = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        int deadlockedCount = deadlocked == null ? 0 : deadlocked.length;
        double afterGc = heapUsedAfterGcFraction();
        long now = clockMillis.getAsLong();
        boolean exhausted = afterGc >= heapFraction;
        if (!exhausted) {
            exhaustedSinceMillis = -1;
        } else if (exhaustedSinceMillis < 0) {
            exhaustedSinceMillis = now;
        }
        long exhaustedFor = exhausted ? now - exhaustedSinceMillis : 0;
        boolean heapDead = exhausted && exhaustedFor >= heapDurationMillis;
        return new Verdict(deadlockedCount, afterGc, exhaustedFor, deadlockedCount == 0 && !heapDead);
    }

    /** Heap used after the last GC as a fraction of the maximum heap, or 0 when unknown. */
    static double heapUsedAfterGcFraction() {
        long used = 0;
        long max = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP) {
                continue;
            }
            MemoryUsage afterGc = pool.getCollectionUsage();
            MemoryUsage usage = pool.getUsage();
            if (afterGc == null || usage == null || usage.getMax() <= 0) {
                continue;
            }
            used += afterGc.getUsed();
            max += usage.getMax();
        }
        return max <= 0 ? 0 : (double) used / max;
    }

    /** One evaluation's outcome. */
    public static final class Verdict {
        public final int deadlockedThreads;
        public final double heapAfterGcFraction;
        public final long heapExhaustedForMillis;
        public final boolean alive;

        Verdict(int deadlockedThreads, double heapAfterGcFraction, long heapExhaustedForMillis, boolean alive) {
            this.deadlockedThreads = deadlockedThreads;
            this.heapAfterGcFraction = heapAfterGcFraction;
            this.heapExhaustedForMillis = heapExhaustedForMillis;
            this.alive = alive;
        }
    }
}

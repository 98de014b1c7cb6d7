package dev.vitals.agent.history;

import dev.vitals.agent.jvm.ProcessInfo;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;

/**
 * Samples the system figures kept in every rollup (family {@link Rollup#SYSTEM}, label {@code figure}): heap used,
 * committed, max and after the last GC, non-heap used, resident memory, process CPU use over the interval, live
 * threads and the system load average. Reads platform MXBeans directly (never the platform MBean server).
 *
 * <p>Not thread-safe: one scheduler thread calls {@link #sample}.
 */
class SystemSampler {
    static final String HEAP_USED = "heap_used_bytes";
    static final String HEAP_COMMITTED = "heap_committed_bytes";
    static final String HEAP_MAX = "heap_max_bytes";
    static final String HEAP_AFTER_GC = "heap_after_gc_bytes";
    static final String NON_HEAP_USED = "non_heap_used_bytes";
    static final String RSS = "resident_memory_bytes";
    static final String CPU_PERCENT = "process_cpu_percent";
    static final String THREADS = "threads";
    static final String LOAD = "system_load_average";

    private final ProcessInfo process;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
    private final int cpus = Runtime.getRuntime().availableProcessors();
    private double lastCpuSeconds = -1;
    private long lastWallNanos;

    SystemSampler(ProcessInfo process) {
        this.process = process;
    }

    /** Adds one sample of every figure the JVM reports to {@code gauges}. */
    void sample(Map<SeriesKey, GaugeStats> gauges) {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        put(gauges, HEAP_USED, heap.getUsed());
        put(gauges, HEAP_COMMITTED, heap.getCommitted());
        if (heap.getMax() > 0) {
            put(gauges, HEAP_MAX, heap.getMax());
        }
        long afterGc = 0;
        boolean any = false;
        for (MemoryPoolMXBean pool : pools) {
            if (pool.getType() == MemoryType.HEAP) {
                MemoryUsage u = pool.getCollectionUsage();
                if (u != null) {
                    afterGc += u.getUsed();
                    any = true;
                }
            }
        }
        if (any) {
            put(gauges, HEAP_AFTER_GC, afterGc);
        }
        put(gauges, NON_HEAP_USED, memory.getNonHeapMemoryUsage().getUsed());
        long rss = process.residentMemoryBytes();
        if (rss >= 0) {
            put(gauges, RSS, rss);
        }
        double cpuSeconds = process.cpuSeconds();
        long wall = System.nanoTime();
        if (cpuSeconds >= 0 && lastCpuSeconds >= 0 && wall > lastWallNanos) {
            double percent = (cpuSeconds - lastCpuSeconds) / ((wall - lastWallNanos) / 1e9) / cpus * 100.0;
            put(gauges, CPU_PERCENT, Math.max(0, Math.min(100, percent)));
        }
        lastCpuSeconds = cpuSeconds;
        lastWallNanos = wall;
        put(gauges, THREADS, ManagementFactory.getThreadMXBean().getThreadCount());
        double load = process.systemLoadAverage();
        if (load >= 0) {
            put(gauges, LOAD, load);
        }
    }

    static SeriesKey key(String figure) {
        return SeriesKey.of(Rollup.SYSTEM, "figure", figure);
    }

    private static void put(Map<SeriesKey, GaugeStats> gauges, String figure, double value) {
        gauges.merge(key(figure), GaugeStats.of(value), GaugeStats::merge);
    }
}

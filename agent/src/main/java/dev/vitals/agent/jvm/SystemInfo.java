package dev.vitals.agent.jvm;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The body of {@code GET /health/system}: process, memory, CPU, GC, threads, uptime and JVM. Field names
 * follow the dashboard's format ({@code rss}, {@code heapTotal}, {@code heapUsed} as "134.5 MB" strings), with exact
 * byte counts beside them for machines.
 */
public final class SystemInfo {
    private final ProcessInfo process;

    public SystemInfo(ProcessInfo process) {
        this.process = process;
    }

    public void write(JsonGenerator g) throws IOException {
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long uptimeSeconds = process.uptimeMillis() / 1000;

        g.writeStartObject();
        g.writeStringField("timestamp", java.time.Instant.now().toString());

        g.writeObjectFieldStart("process");
        g.writeNumberField("pid", process.pid());
        g.writeNumberField("uptime", uptimeSeconds);
        g.writeStringField("version", System.getProperty("java.version"));
        g.writeStringField("platform", System.getProperty("os.name").toLowerCase(Locale.ROOT));
        g.writeStringField("arch", System.getProperty("os.arch"));
        g.writeStringField("startTime", java.time.Instant.ofEpochMilli(process.startTimeMillis()).toString());
        g.writeEndObject();

        MemoryUsage heap = memory.getHeapMemoryUsage();
        MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
        long direct = 0;
        long mapped = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if ("direct".equals(pool.getName())) {
                direct = pool.getMemoryUsed();
            } else if ("mapped".equals(pool.getName())) {
                mapped = pool.getMemoryUsed();
            }
        }
        long rss = process.residentMemoryBytes();
        g.writeObjectFieldStart("memory");
        g.writeStringField("rss", rss < 0 ? "unknown" : megabytes(rss));
        g.writeStringField("heapTotal", megabytes(heap.getCommitted()));
        g.writeStringField("heapUsed", megabytes(heap.getUsed()));
        g.writeStringField("external", megabytes(direct + mapped));
        g.writeNumberField("rssBytes", rss);
        g.writeNumberField("heapUsedBytes", heap.getUsed());
        g.writeNumberField("heapCommittedBytes", heap.getCommitted());
        g.writeNumberField("heapMaxBytes", heap.getMax());
        g.writeNumberField("heapUsedAfterGcRatio", round(Liveness.heapUsedAfterGcFraction()));
        g.writeNumberField("nonHeapUsedBytes", nonHeap.getUsed());
        g.writeNumberField("nonHeapCommittedBytes", nonHeap.getCommitted());
        g.writeNumberField("directBytes", direct);
        g.writeNumberField("mappedBytes", mapped);
        g.writeEndObject();

        g.writeObjectFieldStart("cpu");
        double cpu = process.cpuSeconds();
        g.writeNumberField("processCpuMicros", cpu < 0 ? -1 : (long) (cpu * 1_000_000));
        double recent = process.recentCpuUtilization();
        g.writeNumberField("percentage", recent < 0 ? -1 : round(recent * 100));
        g.writeNumberField("loadAverage", round(process.systemLoadAverage()));
        g.writeNumberField("availableProcessors", Runtime.getRuntime().availableProcessors());
        g.writeEndObject();

        g.writeArrayFieldStart("gc");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            g.writeStartObject();
            g.writeStringField("name", gc.getName());
            g.writeNumberField("collections", gc.getCollectionCount());
            g.writeNumberField("timeMs", gc.getCollectionTime());
            g.writeEndObject();
        }
        g.writeEndArray();

        long[] deadlocked = threads.findDeadlockedThreads();
        g.writeObjectFieldStart("threads");
        g.writeNumberField("live", threads.getThreadCount());
        g.writeNumberField("daemon", threads.getDaemonThreadCount());
        g.writeNumberField("peak", threads.getPeakThreadCount());
        g.writeNumberField("deadlocked", deadlocked == null ? 0 : deadlocked.length);
        g.writeEndObject();

        g.writeNumberField("uptime", uptimeSeconds);

        g.writeObjectFieldStart("jvm");
        g.writeStringField("name", runtime.getVmName());
        g.writeStringField("vendor", runtime.getVmVendor());
        g.writeStringField("version", runtime.getVmVersion());
        g.writeStringField("specVersion", runtime.getSpecVersion());
        g.writeEndObject();

        g.writeEndObject();
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}

package dev.vitals.agent.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.health.CheckState;
import dev.vitals.agent.health.HealthService;
import dev.vitals.agent.jvm.ProcessInfo;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * The {@code system} and {@code health} groups of the stream. Both are cheap enough to write every 250 ms for
 * every client: MXBean reads and the health checks' latest (cached) results, never a check run.
 */
final class StreamGroups {
    private StreamGroups() {
    }

    /** Memory, CPU, threads, GC and uptime; bytes and milliseconds. */
    static void system(JsonGenerator g, ProcessInfo process) throws IOException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        MemoryUsage heap = memory.getHeapMemoryUsage();
        MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
        g.writeStartObject();
        g.writeNumberField("uptime", process.uptimeMillis());
        g.writeObjectFieldStart("memory");
        g.writeNumberField("heapUsed", heap.getUsed());
        g.writeNumberField("heapCommitted", heap.getCommitted());
        g.writeNumberField("heapMax", heap.getMax());
        g.writeNumberField("nonHeapUsed", nonHeap.getUsed());
        g.writeNumberField("rss", process.residentMemoryBytes());
        g.writeEndObject();
        g.writeObjectFieldStart("cpu");
        double recent = process.recentCpuUtilization();
        g.writeNumberField("percentage", recent < 0 ? -1 : Math.round(recent * 1000) / 10.0);
        g.writeNumberField("loadAverage", Math.round(process.systemLoadAverage() * 100) / 100.0);
        g.writeNumberField("availableProcessors", Runtime.getRuntime().availableProcessors());
        g.writeEndObject();
        g.writeObjectFieldStart("threads");
        g.writeNumberField("live", threads.getThreadCount());
        g.writeNumberField("daemon", threads.getDaemonThreadCount());
        g.writeNumberField("peak", threads.getPeakThreadCount());
        g.writeEndObject();
        long collections = 0;
        long timeMs = 0;
        g.writeArrayFieldStart("gc");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            g.writeStartObject();
            g.writeStringField("name", gc.getName());
            g.writeNumberField("collections", Math.max(0, gc.getCollectionCount()));
            g.writeNumberField("timeMs", Math.max(0, gc.getCollectionTime()));
            g.writeEndObject();
            collections += Math.max(0, gc.getCollectionCount());
            timeMs += Math.max(0, gc.getCollectionTime());
        }
        g.writeEndArray();
        g.writeNumberField("gcCollections", collections);
        g.writeNumberField("gcTimeMs", timeMs);
        g.writeEndObject();
    }

    /** The overall status and each check's latest result, as {@code /health} has them. */
    static void health(JsonGenerator g, HealthService health) throws IOException {
        List<CheckState> states = health.checks();
        g.writeStartObject();
        g.writeStringField("status", HealthService.aggregate(states).label());
        g.writeObjectFieldStart("checks");
        for (CheckState s : states) {
            g.writeObjectFieldStart(s.name());
            g.writeStringField("status", s.status().label());
            String message = s.result() == null ? null : s.result().message();
            if (message != null) {
                g.writeStringField("message", message);
            }
            g.writeBooleanField("critical", s.critical());
            g.writeNumberField("ageMs", s.ageMillis());
            g.writeNumberField("durationMs", s.durationMillis());
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
    }
}

package dev.vitals.agent.health;

import dev.vitals.agent.jvm.ProcessInfo;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code system} check: heap use, CPU load and uptime. Degraded when the heap is over 90 %
 * of its maximum; it never makes the service unhealthy on its own (that is liveness' job).
 */
public final class SystemCheck implements HealthCheck {
    static final double DEGRADED_HEAP_FRACTION = 0.9;

    private final ProcessInfo process;

    public SystemCheck(ProcessInfo process) {
        this.process = process;
    }

    @Override
    public String name() {
        return "system";
    }

    @Override
    public String component() {
        return "memory";
    }

    @Override
    public String measurement() {
        return "utilization";
    }

    @Override
    public String componentType() {
        return "system";
    }

    @Override
    public long intervalMillis() {
        return 5_000;
    }

    @Override
    public CheckResult run() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
        long used = heap.getUsed();
        double fraction = max > 0 ? (double) used / max : 0;
        int percentage = (int) Math.round(fraction * 100);
        HealthStatus status = fraction > DEGRADED_HEAP_FRACTION ? HealthStatus.DEGRADED : HealthStatus.HEALTHY;
        double load = process.systemLoadAverage();
        double cpu = process.recentCpuUtilization();
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("used", (used >> 20) + "MB");
        memory.put("free", (Math.max(0, max - used) >> 20) + "MB");
        memory.put("percentage", percentage);
        Map<String, Object> cpuMap = new LinkedHashMap<>();
        // The JVM reports only the one-minute load average.
        cpuMap.put("load", Collections.singletonList(load < 0 ? -1 : Math.round(load * 100) / 100.0));
        cpuMap.put("percentage", cpu < 0 ? -1 : Math.round(cpu * 1000) / 10.0);
        return CheckResult.of(status, status == HealthStatus.HEALTHY ? "System resources OK"
                        : "Heap at " + percentage + "% of maximum")
                .observed(percentage, "percent")
                .detail("memory", memory)
                .detail("cpu", cpuMap)
                .detail("uptime", process.uptimeMillis() / 1000);
    }
}

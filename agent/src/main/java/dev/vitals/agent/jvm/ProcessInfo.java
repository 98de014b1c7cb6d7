package dev.vitals.agent.jvm;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** Process-level figures: CPU time, resident and virtual memory, file descriptors, start time. */
public final class ProcessInfo {
    private static final Path PROC_STATUS = Paths.get("/proc/self/status");


    /**
     * The platform MXBeans, looked up at first use (the first scrape or health check, after the application's
     * start): setting them up cost ~30 ms of CPU, which the agent's wiring at premain spent while the application
     * started.
     */
    private static final class Platform {
        static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();
        static final long START_TIME_MILLIS = ManagementFactory.getRuntimeMXBean().getStartTime();

        private Platform() {
        }
    }

    public long pid() {
        return ProcessHandle.current().pid();
    }

    public long startTimeMillis() {
        return Platform.START_TIME_MILLIS;
    }

    public long uptimeMillis() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }

    /** Process CPU time in seconds, or -1 where the JVM does not report it. */
    public double cpuSeconds() {
        if (Platform.OS instanceof com.sun.management.OperatingSystemMXBean) {
            long nanos = ((com.sun.management.OperatingSystemMXBean) Platform.OS).getProcessCpuTime();
            return nanos < 0 ? -1 : nanos / 1e9;
        }
        return -1;
    }

    /** Recent process CPU use as a 0..1 fraction of all processors, or -1 when unknown. */
    public double recentCpuUtilization() {
        if (Platform.OS instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) Platform.OS).getProcessCpuLoad();
        }
        return -1;
    }

    public double systemLoadAverage() {
        return Platform.OS.getSystemLoadAverage();
    }

    public long openFileDescriptors() {
        if (Platform.OS instanceof com.sun.management.UnixOperatingSystemMXBean) {
            return ((com.sun.management.UnixOperatingSystemMXBean) Platform.OS).getOpenFileDescriptorCount();
        }
        return -1;
    }

    public long maxFileDescriptors() {
        if (Platform.OS instanceof com.sun.management.UnixOperatingSystemMXBean) {
            return ((com.sun.management.UnixOperatingSystemMXBean) Platform.OS).getMaxFileDescriptorCount();
        }
        return -1;
    }

    /** Resident set size from {@code /proc/self/status}, or -1 off Linux. */
    public long residentMemoryBytes() {
        return procStatusKiB("VmRSS:");
    }

    public long virtualMemoryBytes() {
        return procStatusKiB("VmSize:");
    }

    private static long procStatusKiB(String field) {
        try {
            List<String> lines = Files.readAllLines(PROC_STATUS, StandardCharsets.US_ASCII);
            for (String line : lines) {
                if (line.startsWith(field)) {
                    String[] parts = line.substring(field.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}

package dev.vitals.agent.jvm;

import dev.vitals.agent.metrics.MetricRegistry;
import dev.vitals.agent.metrics.TimerFamily;
import dev.vitals.exporter.prometheus.MetricsSink;
import dev.vitals.exporter.prometheus.MetricsSource;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * JVM and process metrics under their OpenTelemetry semantic-convention names, read lazily at scrape
 * time from the platform MXBeans. The platform MBean server is never touched: that would initialise
 * JMX (and with it the application's logging) before the application does.
 */
public final class JvmMetrics implements MetricsSource {
    static final String GC_FAMILY = "jvm_gc_duration_seconds";
    private static final String[] POOL_LABELS = {"jvm_memory_type", "jvm_memory_pool_name"};
    private static final String[] BUFFER_LABELS = {"jvm_buffer_pool_name"};
    private static final String[] NO_LABELS = {};
    private static final String[] NO_VALUES = {};

    private final ProcessInfo process;
    private final String version;

    public JvmMetrics(ProcessInfo process, String version) {
        this.process = process;
        this.version = version;
    }

    /**
     * Records each GC pause into {@code jvm_gc_duration_seconds} from the collectors' notifications.
     * Uses {@code com.sun.management} notification data when the JVM has it, and records nothing otherwise.
     */
    public static void listenForGc(MetricRegistry registry) {
        TimerFamily family = registry.timerFamily(GC_FAMILY, 32, "jvm_gc_name", "jvm_gc_action");
        NotificationListener listener = (Notification n, Object handback) -> {
            if (!"com.sun.management.gc.notification".equals(n.getType()) || !(n.getUserData() instanceof CompositeData)) {
                return;
            }
            CompositeData data = (CompositeData) n.getUserData();
            String name = String.valueOf(data.get("gcName"));
            String action = String.valueOf(data.get("gcAction"));
            CompositeData info = (CompositeData) data.get("gcInfo");
            long millis = info == null ? 0 : ((Number) info.get("duration")).longValue();
            family.get(name, action).record(millis * 1_000_000L);
        };
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter) {
                ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
            }
        }
    }

    @Override
    public void collect(MetricsSink sink) {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String[] labels = {pool.getType() == MemoryType.HEAP ? "heap" : "non_heap", pool.getName()};
            MemoryUsage usage = pool.getUsage();
            if (usage == null) {
                continue;
            }
            sink.gauge("jvm_memory_used_bytes", "Measure of memory used.", "bytes", POOL_LABELS, labels, usage.getUsed());
            sink.gauge("jvm_memory_committed_bytes", "Measure of memory committed.", "bytes", POOL_LABELS, labels, usage.getCommitted());
            if (usage.getMax() >= 0) {
                sink.gauge("jvm_memory_limit_bytes", "Measure of max obtainable memory.", "bytes", POOL_LABELS, labels, usage.getMax());
            }
            MemoryUsage afterGc = pool.getCollectionUsage();
            if (afterGc != null) {
                sink.gauge("jvm_memory_used_after_last_gc_bytes",
                        "Measure of memory used, as measured after the most recent garbage collection event on this pool.",
                        "bytes", POOL_LABELS, labels, afterGc.getUsed());
            }
        }
        for (BufferPoolMXBean buffers : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            String[] labels = {buffers.getName()};
            sink.gauge("jvm_buffer_memory_used_bytes", "Measure of memory used by buffers.", "bytes", BUFFER_LABELS, labels,
                    buffers.getMemoryUsed());
            sink.gauge("jvm_buffer_memory_limit_bytes", "Measure of total memory capacity of buffers.", "bytes", BUFFER_LABELS,
                    labels, buffers.getTotalCapacity());
        }
        // OpenTelemetry's jvm.thread.count becomes jvm_thread_count, which fails promtool ("non-histogram
        // and non-summary metrics should not have _count suffix"); these are client_java's hotspot names,
        // which existing JVM dashboards already use.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        sink.gauge("jvm_threads_current", "Current thread count of the JVM.", "", NO_LABELS, NO_VALUES,
                threads.getThreadCount());
        sink.gauge("jvm_threads_daemon", "Daemon thread count of the JVM.", "", NO_LABELS, NO_VALUES,
                threads.getDaemonThreadCount());
        sink.gauge("jvm_threads_peak", "Peak thread count of the JVM.", "", NO_LABELS, NO_VALUES,
                threads.getPeakThreadCount());
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        sink.counter("jvm_class_loaded", "Number of classes loaded since JVM start.", "", NO_LABELS, NO_VALUES,
                classes.getTotalLoadedClassCount());
        sink.counter("jvm_class_unloaded", "Number of classes unloaded since JVM start.", "", NO_LABELS, NO_VALUES,
                classes.getUnloadedClassCount());
        sink.gauge("jvm_cpus_available", "Number of processors available to the Java virtual machine (OpenTelemetry jvm.cpu.count; renamed because promtool rejects gauges ending in _count).", "", NO_LABELS, NO_VALUES,
                Runtime.getRuntime().availableProcessors());
        double recent = process.recentCpuUtilization();
        if (recent >= 0) {
            sink.gauge("jvm_cpu_recent_utilization_ratio", "Recent CPU utilization for the process as reported by the JVM.",
                    "ratio", NO_LABELS, NO_VALUES, recent);
        }

        double cpuSeconds = process.cpuSeconds();
        if (cpuSeconds >= 0) {
            sink.counter("process_cpu_seconds", "Total user and system CPU time spent in seconds.", "seconds", NO_LABELS,
                    NO_VALUES, cpuSeconds);
        }
        long rss = process.residentMemoryBytes();
        if (rss >= 0) {
            sink.gauge("process_resident_memory_bytes", "Resident memory size in bytes.", "bytes", NO_LABELS, NO_VALUES, rss);
        }
        long virtual = process.virtualMemoryBytes();
        if (virtual >= 0) {
            sink.gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", "bytes", NO_LABELS, NO_VALUES, virtual);
        }
        long openFds = process.openFileDescriptors();
        if (openFds >= 0) {
            sink.gauge("process_open_fds", "Number of open file descriptors.", "", NO_LABELS, NO_VALUES, openFds);
            sink.gauge("process_max_fds", "Maximum number of open file descriptors.", "", NO_LABELS, NO_VALUES,
                    process.maxFileDescriptors());
        }
        sink.gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", "seconds",
                NO_LABELS, NO_VALUES, process.startTimeMillis() / 1000.0);
        sink.info("vitals_build", "Vitals agent build information.", new String[] {"version"}, new String[] {version});
    }

}

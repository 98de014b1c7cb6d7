package dev.vitals.agent.jvm;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.AgentContext;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.web.EndpointGroup;
import dev.vitals.agent.metrics.Snapshot;
import dev.vitals.agent.metrics.TimerFamily;
import dev.vitals.exporter.Access;
import dev.vitals.exporter.HttpExporter;
import dev.vitals.exporter.Request;
import dev.vitals.exporter.Response;
import dev.vitals.exporter.prometheus.MetricsSink;
import dev.vitals.exporter.prometheus.MetricsSource;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /health/memory?window=<ms>}: heap and non-heap with every pool (used, committed, max, used after the
 * last GC), each collector's count and time since the JVM started and its pauses over the window, the share of the
 * window spent in GC, the after-GC trend and leak verdict of the {@link LeakAnalysis}, RSS against the container's
 * memory limit (cgroup), and recommendations. Also the gauges Prometheus lacks for these: the after-GC growth, the
 * leak verdict and the container limit.
 *
 * <p>Nothing here forces a GC: a GC on request would let any caller pause the application.
 */
final class MemoryEndpoint implements EndpointGroup, MetricsSource {
    static final double MB = 1024.0 * 1024.0;
    /** Thresholds of the recommendations. */
    static final double HEAP_AFTER_GC_HIGH = 0.85;
    static final double GC_SHARE_HIGH = 0.10;
    static final double RSS_OF_LIMIT_HIGH = 0.90;
    static final double HEAP_MAX_OF_LIMIT_HIGH = 0.80;
    /** At most this many trend points are written; the analysis keeps more. */
    static final int TREND_POINTS = 60;

    private final AgentContext context;
    private final LeakAnalysis leak;
    private final ContainerMemory container;

    MemoryEndpoint(AgentContext context, LeakAnalysis leak, ContainerMemory container) {
        this.context = context;
        this.leak = leak;
        this.container = container;
    }

    @Override
    public void register(HttpExporter.Builder http) {
        http.route("GET", "/health/memory", Access.PROTECTED, this::memory);
    }

    private Response memory(Request request) {
        long window = request.queryLong("window", context.config().get(Keys.WINDOW), 1_000, 900_000);
        long now = System.currentTimeMillis();
        LeakAnalysis.Verdict verdict = leak.verdict();
        ContainerMemory.Reading cgroup = container.read();
        long rss = context.process().residentMemoryBytes();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        long heapAfterGc = LeakAnalysis.afterGcHeapBytes();
        List<GcView> gcs = gcViews(window, now);
        double gcMillis = 0;
        for (GcView v : gcs) {
            gcMillis += v.pauses == null ? 0 : v.pauses.count() * v.pauses.meanMillis();
        }
        double gcShare = gcMillis / window;
        List<String> recommendations = recommendations(verdict, heap, heapAfterGc, gcShare, rss, cgroup);
        return Response.json(g -> {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.ofEpochMilli(now).toString());
            g.writeNumberField("timeWindow", window);
            g.writeStringField("unit", "MB");
            writeUsage(g, "heap", heap);
            if (heapAfterGc >= 0) {
                g.writeNumberField("heapUsedAfterGc", mb(heapAfterGc));
            }
            writeUsage(g, "nonHeap", nonHeap);
            g.writeArrayFieldStart("pools");
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                MemoryUsage u = pool.getUsage();
                if (u == null) {
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("name", pool.getName());
                g.writeStringField("type", pool.getType() == MemoryType.HEAP ? "heap" : "non_heap");
                g.writeNumberField("used", mb(u.getUsed()));
                g.writeNumberField("committed", mb(u.getCommitted()));
                g.writeNumberField("max", u.getMax() < 0 ? -1 : mb(u.getMax()));
                MemoryUsage after = pool.getCollectionUsage();
                if (after != null) {
                    g.writeNumberField("usedAfterGc", mb(after.getUsed()));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            writeGc(g, gcs, gcShare);
            writeLeak(g, verdict);
            g.writeObjectFieldStart("process");
            g.writeNumberField("rss", rss < 0 ? -1 : mb(rss));
            g.writeStringField("cgroup", cgroup.version);
            g.writeNumberField("containerLimit", cgroup.limitBytes < 0 ? -1 : mb(cgroup.limitBytes));
            g.writeNumberField("containerUsage", cgroup.usageBytes < 0 ? -1 : mb(cgroup.usageBytes));
            if (cgroup.limitBytes > 0 && rss >= 0) {
                g.writeNumberField("rssPercentOfLimit", round(100.0 * rss / cgroup.limitBytes));
            }
            g.writeEndObject();
            g.writeArrayFieldStart("recommendations");
            for (String r : recommendations) {
                g.writeString(r);
            }
            g.writeEndArray();
            g.writeEndObject();
        }).header("Cache-Control", "no-store");
    }

    private static void writeUsage(JsonGenerator g, String name, MemoryUsage u) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("used", mb(u.getUsed()));
        g.writeNumberField("committed", mb(u.getCommitted()));
        g.writeNumberField("max", u.getMax() < 0 ? -1 : mb(u.getMax()));
        if (u.getMax() > 0) {
            g.writeNumberField("usedPercent", round(100.0 * u.getUsed() / u.getMax()));
        }
        g.writeEndObject();
    }

    private static void writeGc(JsonGenerator g, List<GcView> gcs, double gcShare) throws IOException {
        g.writeObjectFieldStart("gc");
        g.writeNumberField("timePercentOfWindow", round(100 * gcShare));
        g.writeArrayFieldStart("collectors");
        for (GcView v : gcs) {
            g.writeStartObject();
            g.writeStringField("name", v.name);
            g.writeNumberField("count", v.count);
            g.writeNumberField("timeMs", v.timeMillis);
            g.writeObjectFieldStart("pauses");
            Snapshot p = v.pauses;
            long n = p == null ? 0 : p.count();
            g.writeNumberField("count", n);
            g.writeNumberField("avg", n == 0 ? 0 : round(p.meanMillis()));
            g.writeNumberField("p95", n == 0 ? 0 : round(p.p95()));
            g.writeNumberField("max", n == 0 ? 0 : round(p.maxMillis()));
            g.writeStringField("unit", "ms");
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeLeak(JsonGenerator g, LeakAnalysis.Verdict v) throws IOException {
        g.writeObjectFieldStart("leak");
        g.writeStringField("verdict", v.state.label());
        if (Double.isNaN(v.mbPerMinute)) {
            g.writeNullField("growthMbPerMinute");
        } else {
            g.writeNumberField("growthMbPerMinute", Math.round(v.mbPerMinute * 100) / 100.0);
        }
        g.writeNumberField("thresholdMbPerMinute", v.thresholdMbPerMinute);
        g.writeNumberField("window", v.windowMillis);
        g.writeNumberField("covered", v.coveredMillis);
        g.writeNumberField("samples", v.samples.size());
        // The after-GC baseline over the window, thinned to at most TREND_POINTS points.
        g.writeArrayFieldStart("trend");
        int step = Math.max(1, (v.samples.size() + TREND_POINTS - 1) / TREND_POINTS);
        for (int i = 0; i < v.samples.size(); i += step) {
            long[] s = v.samples.get(i);
            g.writeStartObject();
            g.writeStringField("time", Instant.ofEpochMilli(s[0]).toString());
            g.writeNumberField("heapUsedAfterGc", mb(s[1]));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    static List<String> recommendations(LeakAnalysis.Verdict verdict, MemoryUsage heap, long heapAfterGc, double gcShare,
                                        long rss, ContainerMemory.Reading cgroup) {
        List<String> out = new ArrayList<>();
        if (verdict.state == LeakAnalysis.State.LEAK_SUSPECTED) {
            out.add("Possible memory leak: heap after GC grows " + fmt(verdict.mbPerMinute) + " MB/min; "
                    + LeakAnalysis.RECOMMENDATION);
        }
        if (heap.getMax() > 0 && heapAfterGc >= 0 && heapAfterGc > HEAP_AFTER_GC_HIGH * heap.getMax()) {
            out.add("Heap after GC is " + Math.round(100.0 * heapAfterGc / heap.getMax()) + "% of the maximum: raise -Xmx "
                    + "or keep less data reachable, or the JVM will spend most of its time in GC");
        }
        if (gcShare > GC_SHARE_HIGH) {
            out.add("GC took " + Math.round(100 * gcShare) + "% of the window: look at the allocation rate and the heap "
                    + "size, or a collector with shorter pauses");
        }
        if (cgroup.limitBytes > 0 && rss > RSS_OF_LIMIT_HIGH * cgroup.limitBytes) {
            out.add("RSS is " + Math.round(100.0 * rss / cgroup.limitBytes) + "% of the container's memory limit: the "
                    + "kernel may kill the process; raise the limit or lower -Xmx (or -XX:MaxRAMPercentage)");
        }
        if (cgroup.limitBytes > 0 && heap.getMax() > HEAP_MAX_OF_LIMIT_HIGH * cgroup.limitBytes) {
            out.add("The maximum heap is " + Math.round(100.0 * heap.getMax() / cgroup.limitBytes) + "% of the container's "
                    + "memory limit, leaving little for metaspace, threads and buffers: lower -Xmx or raise the limit");
        }
        return out;
    }

    private List<GcView> gcViews(long window, long now) {
        TimerFamily pauses = null;
        for (TimerFamily f : context.registry().timerFamilies()) {
            if (f.name().equals(JvmMetrics.GC_FAMILY)) {
                pauses = f;
            }
        }
        List<GcView> out = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            GcView v = new GcView(gc.getName(), gc.getCollectionCount(), gc.getCollectionTime());
            if (pauses != null) {
                org.HdrHistogram.Histogram h = dev.vitals.agent.metrics.Timer.newHistogram();
                pauses.forEach((labels, timer) -> {
                    if (labels[0].equals(v.name)) {
                        timer.addWindowTo(h, window, now);
                    }
                });
                v.pauses = Snapshot.of(h, window);
            }
            out.add(v);
        }
        return out;
    }

    @Override
    public void collect(MetricsSink sink) {
        LeakAnalysis.Verdict v = leak.verdict();
        String[] none = {};
        if (!Double.isNaN(v.mbPerMinute)) {
            sink.gauge("vitals_memory_after_gc_growth_bytes_per_second", "Growth of heap used after GC over memory.leak.window "
                    + "(least-squares slope).", "", none, none, v.mbPerMinute * MB / 60);
        }
        sink.gauge("vitals_memory_leak_suspected", "1 when heap after GC grows faster than memory.leak.rate, else 0.", "",
                none, none, v.state == LeakAnalysis.State.LEAK_SUSPECTED ? 1 : 0);
        ContainerMemory.Reading cgroup = container.read();
        if (cgroup.limitBytes > 0) {
            sink.gauge("vitals_container_memory_limit_bytes", "Memory limit of the process's control group (cgroup).",
                    "bytes", none, none, cgroup.limitBytes);
        }
    }

    private static double mb(long bytes) {
        return Math.round(bytes / MB * 10) / 10.0;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static final class GcView {
        final String name;
        final long count;
        final long timeMillis;
        Snapshot pauses;

        GcView(String name, long count, long timeMillis) {
            this.name = name;
            this.count = count;
            this.timeMillis = timeMillis;
        }
    }
}

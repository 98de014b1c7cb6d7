package dev.vitals.agent.jvm;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.ConfigKey;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.config.Source;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The one memory-leak analysis of the agent, which {@code /health/memory} and the {@code memory_leak_rate} alert
 * subject both read: the growth of heap used <em>after GC</em> (the baseline that garbage cannot explain), in MB
 * per minute, as the least-squares slope over the last {@code window}. Plain heap use climbs and falls with every
 * allocation burst; the after-GC baseline only climbs when objects stay reachable.
 *
 * <p>No rate until the samples cover half the window, so a fresh JVM warming its caches does not read as a leak.
 * Sampled on the agent's scheduler every {@code memory.sample.interval}; read by endpoints and the alert evaluation,
 * hence synchronized. At most {@value #MAX_SAMPLES} samples are kept: samples closer than window / that apart are
 * skipped.
 */
public final class LeakAnalysis {
    static final int MAX_SAMPLES = 1_000;
    /** What a leak verdict recommends, also in the leak alert's message. */
    public static final String RECOMMENDATION = "the heap left after GC keeps growing; take two heap dumps minutes apart "
            + "(jcmd <pid> GC.heap_dump) and compare what grows, typically caches, listeners or static collections "
            + "without a bound";

    /** The verdict of one reading. */
    public enum State {
        INSUFFICIENT_DATA, NO_LEAK, LEAK_SUSPECTED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A verdict with the trend it was reached from. Immutable. */
    public static final class Verdict {
        public final State state;
        /** Growth in MB per minute; NaN without enough data. */
        public final double mbPerMinute;
        public final double thresholdMbPerMinute;
        public final long windowMillis;
        public final long coveredMillis;
        /** The samples, oldest first, as {@code {epochMillis, bytes}}. */
        public final List<long[]> samples;

        Verdict(State state, double mbPerMinute, double thresholdMbPerMinute, long windowMillis, long coveredMillis,
                List<long[]> samples) {
            this.state = state;
            this.mbPerMinute = mbPerMinute;
            this.thresholdMbPerMinute = thresholdMbPerMinute;
            this.windowMillis = windowMillis;
            this.coveredMillis = coveredMillis;
            this.samples = samples;
        }
    }

    private final long windowMillis;
    private final double thresholdMbPerMinute;
    private final long minSpacingMillis;
    private final Deque<long[]> samples = new ArrayDeque<>();

    /** @param thresholdMbPerMinute growth above which the verdict is a suspected leak */
    public LeakAnalysis(long windowMillis, double thresholdMbPerMinute) {
        this.windowMillis = windowMillis;
        this.thresholdMbPerMinute = thresholdMbPerMinute;
        this.minSpacingMillis = windowMillis / MAX_SAMPLES;
    }

    /** The analysis the configuration asks for ({@code memory.leak.*}, else the former {@code alerts.leak.*}). */
    public static LeakAnalysis of(Config config) {
        return new LeakAnalysis(windowMillis(config), thresholdMbPerMinute(config));
    }

    public static long windowMillis(Config config) {
        return pick(config, Keys.MEMORY_LEAK_WINDOW, Keys.ALERTS_LEAK_WINDOW);
    }

    public static double thresholdMbPerMinute(Config config) {
        return pick(config, Keys.MEMORY_LEAK_RATE, Keys.ALERTS_LEAK_RATE);
    }

    private static <T> T pick(Config config, ConfigKey<T> key, ConfigKey<T> former) {
        return config.source(key) == Source.DEFAULT && config.source(former) != Source.DEFAULT
                ? config.get(former) : config.get(key);
    }

    public long windowMillis() {
        return windowMillis;
    }

    /** Takes a sample of the after-GC heap now. */
    public void sample(long now) {
        long bytes = afterGcHeapBytes();
        if (bytes >= 0) {
            sample(now, bytes);
        }
    }

    synchronized void sample(long now, long bytes) {
        if (!samples.isEmpty() && now - samples.peekLast()[0] < Math.max(1, minSpacingMillis)) {
            return;
        }
        samples.addLast(new long[] {now, bytes});
        while (!samples.isEmpty() && samples.peekFirst()[0] < now - windowMillis) {
            samples.removeFirst();
        }
    }

    /** Heap growth after GC in MB per minute over the window; NaN without enough data. */
    public synchronized double mbPerMinute() {
        if (samples.size() < 3 || samples.peekLast()[0] - samples.peekFirst()[0] < windowMillis / 2) {
            return Double.NaN;
        }
        double t0 = samples.peekFirst()[0];
        double n = samples.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (long[] s : samples) {
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

    /** The verdict now, with the trend. */
    public synchronized Verdict verdict() {
        double rate = mbPerMinute();
        State state = Double.isNaN(rate) ? State.INSUFFICIENT_DATA
                : rate > thresholdMbPerMinute ? State.LEAK_SUSPECTED : State.NO_LEAK;
        long covered = samples.isEmpty() ? 0 : samples.peekLast()[0] - samples.peekFirst()[0];
        return new Verdict(state, rate, thresholdMbPerMinute, windowMillis, covered, new ArrayList<>(samples));
    }

    /**
     * Sum of the heap pools' usage after their last collection; -1 when the JVM reports none, or before its first
     * collection, when every pool reports 0 (a baseline of 0 followed by the first real one would read as growth).
     */
    static long afterGcHeapBytes() {
        if (!anyCollection()) {
            return -1;
        }
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
        return any ? total : -1;
    }

    private static boolean anyCollection() {
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc.getCollectionCount() > 0) {
                return true;
            }
        }
        return false;
    }
}

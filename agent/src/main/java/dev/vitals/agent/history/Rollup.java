package dev.vitals.agent.history;

import dev.vitals.agent.metrics.Timer;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happened in one time interval {@code [start, end)}: a latency histogram per timer series, an increase per
 * counter series and gauge statistics per gauge series (system figures included, under {@link #SYSTEM}).
 * {@code coveredMillis} is how much of the interval the agent was running and recording, so that a rate over a
 * period is a rate over the time actually observed.
 *
 * <p>Payload format (version 1): version byte; start, end, covered (varints); a string table; then the timer,
 * counter and gauge series, each naming its family and label strings by table index. Immutable once built.
 */
final class Rollup {
    /** Family name of the system gauges Vitals samples itself (label {@code figure}). */
    static final String SYSTEM = "vitals_system";
    private static final int VERSION = 1;
    private static final int MAX_ENTRIES = 1 << 20;

    final long start;
    final long end;
    final long coveredMillis;
    final Map<SeriesKey, SparseHistogram> timers;
    final Map<SeriesKey, Long> counters;
    final Map<SeriesKey, GaugeStats> gauges;

    Rollup(long start, long end, long coveredMillis, Map<SeriesKey, SparseHistogram> timers,
           Map<SeriesKey, Long> counters, Map<SeriesKey, GaugeStats> gauges) {
        this.start = start;
        this.end = end;
        this.coveredMillis = coveredMillis;
        this.timers = Collections.unmodifiableMap(timers);
        this.counters = Collections.unmodifiableMap(counters);
        this.gauges = Collections.unmodifiableMap(gauges);
    }

    /** A system figure sampled in this interval, or null. */
    GaugeStats system(String figure) {
        return gauges.get(SeriesKey.of(SYSTEM, "figure", figure));
    }

    /**
     * Downsampling: one rollup for {@code [start, end)} holding everything of {@code parts} (in time order):
     * histograms merged bucket by bucket, counters added, gauge statistics combined.
     */
    static Rollup merge(long start, long end, List<Rollup> parts) {
        Map<SeriesKey, List<SparseHistogram>> timerParts = new HashMap<>();
        Map<SeriesKey, Long> counters = new HashMap<>();
        Map<SeriesKey, GaugeStats> gauges = new HashMap<>();
        long covered = 0;
        for (Rollup r : parts) {
            covered += r.coveredMillis;
            r.timers.forEach((k, h) -> timerParts.computeIfAbsent(k, x -> new ArrayList<>()).add(h));
            r.counters.forEach((k, v) -> counters.merge(k, v, Long::sum));
            r.gauges.forEach((k, g) -> gauges.merge(k, g, GaugeStats::merge));
        }
        Map<SeriesKey, SparseHistogram> timers = new HashMap<>();
        Histogram scratch = Timer.newHistogram();
        timerParts.forEach((k, list) -> timers.put(k, SparseHistogram.sum(list, scratch)));
        return new Rollup(start, end, Math.min(covered, end - start), timers, counters, gauges);
    }

    // ---- encoding ----

    byte[] encode() {
        ByteCodec.Writer out = new ByteCodec.Writer(4096);
        encode(out);
        return out.toArray();
    }

    void encode(ByteCodec.Writer out) {
        Map<String, Integer> table = new LinkedHashMap<>();
        collectStrings(timers.keySet(), table);
        collectStrings(counters.keySet(), table);
        collectStrings(gauges.keySet(), table);
        out.writeByte(VERSION);
        out.writeVarLong(start);
        out.writeVarLong(end);
        out.writeVarLong(coveredMillis);
        out.writeVarLong(table.size());
        for (String s : table.keySet()) {
            out.writeString(s);
        }
        out.writeVarLong(timers.size());
        for (Map.Entry<SeriesKey, SparseHistogram> e : timers.entrySet()) {
            writeKey(out, e.getKey(), table);
            e.getValue().encode(out);
        }
        out.writeVarLong(counters.size());
        for (Map.Entry<SeriesKey, Long> e : counters.entrySet()) {
            writeKey(out, e.getKey(), table);
            out.writeVarLong(Math.max(0, e.getValue()));
        }
        out.writeVarLong(gauges.size());
        for (Map.Entry<SeriesKey, GaugeStats> e : gauges.entrySet()) {
            writeKey(out, e.getKey(), table);
            GaugeStats g = e.getValue();
            out.writeVarLong(g.samples);
            out.writeDouble(g.sum);
            out.writeDouble(g.min);
            out.writeDouble(g.max);
            out.writeDouble(g.last);
        }
    }

    private static void collectStrings(Iterable<SeriesKey> keys, Map<String, Integer> table) {
        for (SeriesKey k : keys) {
            table.putIfAbsent(k.family, table.size());
            for (String s : k.labelNames) {
                table.putIfAbsent(s, table.size());
            }
            for (String s : k.labelValues) {
                table.putIfAbsent(s, table.size());
            }
        }
    }

    private static void writeKey(ByteCodec.Writer out, SeriesKey k, Map<String, Integer> table) {
        out.writeVarLong(table.get(k.family));
        out.writeVarLong(k.labelNames.length);
        for (int i = 0; i < k.labelNames.length; i++) {
            out.writeVarLong(table.get(k.labelNames[i]));
            out.writeVarLong(table.get(k.labelValues[i]));
        }
    }

    /** @throws IllegalArgumentException when the payload is malformed */
    static Rollup decode(byte[] payload) {
        ByteCodec.Reader in = new ByteCodec.Reader(payload);
        int version = in.readByte();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown rollup version " + version);
        }
        long start = in.readVarLong();
        long end = in.readVarLong();
        long covered = in.readVarLong();
        int n = in.readCount(MAX_ENTRIES);
        List<String> table = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            table.add(in.readString());
        }
        Map<SeriesKey, SparseHistogram> timers = new HashMap<>();
        int t = in.readCount(MAX_ENTRIES);
        for (int i = 0; i < t; i++) {
            timers.put(readKey(in, table), SparseHistogram.decode(in));
        }
        Map<SeriesKey, Long> counters = new HashMap<>();
        int c = in.readCount(MAX_ENTRIES);
        for (int i = 0; i < c; i++) {
            counters.put(readKey(in, table), in.readVarLong());
        }
        Map<SeriesKey, GaugeStats> gauges = new HashMap<>();
        int g = in.readCount(MAX_ENTRIES);
        for (int i = 0; i < g; i++) {
            SeriesKey k = readKey(in, table);
            gauges.put(k, new GaugeStats(in.readVarLong(), in.readDouble(), in.readDouble(), in.readDouble(),
                    in.readDouble()));
        }
        if (in.hasMore()) {
            throw new IllegalArgumentException("trailing bytes after rollup");
        }
        return new Rollup(start, end, covered, timers, counters, gauges);
    }

    private static SeriesKey readKey(ByteCodec.Reader in, List<String> table) {
        String family = table.get(in.readCount(table.size() - 1));
        int labels = in.readCount(16);
        String[] names = new String[labels];
        String[] values = new String[labels];
        for (int i = 0; i < labels; i++) {
            names[i] = table.get(in.readCount(table.size() - 1));
            values[i] = table.get(in.readCount(table.size() - 1));
        }
        return new SeriesKey(family, names, values);
    }
}

package dev.vitals.agent.alerts;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.metrics.MetricDescriptor;
import dev.vitals.agent.metrics.RegistryMetrics;
import dev.vitals.agent.web.JsonValues;
import dev.vitals.agent.metrics.Counter;
import dev.vitals.agent.metrics.CounterFamily;
import dev.vitals.agent.metrics.Lifetime;
import dev.vitals.agent.metrics.MetricRegistry;
import dev.vitals.agent.metrics.SeriesFamily;
import dev.vitals.agent.metrics.Timer;
import dev.vitals.agent.metrics.TimerFamily;
import dev.vitals.exporter.HttpError;
import dev.vitals.exporter.prometheus.MetricsSink;
import dev.vitals.exporter.prometheus.MetricsSource;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;

/**
 * Custom metrics ({@code POST /metrics/custom}): Prometheus families, history, rule subjects and
 * {@code GET /metrics/realtime}.
 *
 * <p><b>Names.</b> A posted {@code metricType} is kept under its <i>key</i>: snake case, with every character a
 * Prometheus name does not allow turned into {@code _} ({@code orders.placed} and {@code ordersPlaced} are both
 * {@code orders_placed}). It is exposed as {@code vitals_custom_<key>}, so it never collides with a family
 * Vitals measures itself (a posted {@code response_time} is {@code vitals_custom_response_time_seconds}, not the
 * built-in subject). Unit words and the suffixes {@code promtool} reserves ({@code _total}, {@code _count},
 * {@code _sum}, {@code _bucket}) are left out of the exposed name; a time unit (posted, or a unit word in the
 * name) converts gauges and histograms to seconds and ends the name in {@code _seconds}.
 *
 * <p><b>Kinds.</b> A {@code counter}'s value is a whole increment (a registry {@link Counter}); a {@code gauge}'s
 * value is its new value; a {@code histogram}'s value is one observation, recorded in a registry {@link Timer}
 * (HdrHistogram, 2 significant digits), which stores one unit per millisecond: time units from 1 µs to 1 h,
 * other units from 0.001 to 3,600,000. The kind, unit and tag names of a metric are those of its first value.
 *
 * <p><b>Bounds.</b> At most {@value #MAX_TYPES} metrics (a new one beyond is refused), {@value #MAX_SERIES}
 * series per metric (more tag combinations go to the {@code _other} series, as every capped label does),
 * {@value #MAX_TAGS} tags per metric, and {@value #MAX_POINTS} recent points per metric for rules and
 * {@code /metrics/realtime}.
 *
 * <p><b>Restart.</b> {@link #write} and {@link #restore} carry counter totals, gauge values and histogram
 * lifetimes across a restart (stored by {@link AlertStore}); the recent points are not kept, so rules on custom
 * metrics see no data until new values arrive.
 *
 * <p>Thread-safe: every method synchronizes on this; the counters and timers it records into are thread-safe.
 */
final class CustomMetrics implements MetricsSource {
    static final int MAX_TYPES = 100;
    static final int MAX_POINTS = 1000;
    static final int MAX_SERIES = 100;
    static final int MAX_TAGS = SeriesFamily.MAX_LABELS;
    static final String PREFIX = "vitals_custom_";
    /** How a rule names a custom metric whatever its name: {@code custom:response_time}. */
    static final String RULE_PREFIX = "custom:";
    static final Pattern POSTED_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_.:-]{0,99}");
    /** Buckets of a histogram that is not a duration, in its own unit. */
    static final double[] VALUE_BUCKETS = {1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000,
        50_000, 100_000, 250_000, 500_000, 1_000_000};

    /** Words {@code promtool check metrics} rejects in a name: unit abbreviations and units that are not base units. */
    private static final Set<String> UNIT_WORDS = new HashSet<>(Arrays.asList("s", "ms", "us", "ns", "sec", "secs",
            "b", "kb", "mb", "gb", "tb", "pb", "m", "h", "d", "second", "seconds", "millis", "micros", "nanos",
            "millisecond", "milliseconds", "microsecond", "microseconds", "nanosecond", "nanoseconds", "min", "mins",
            "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "counter", "gauge", "histogram",
            "summary", "untyped"));
    private static final Set<String> RESERVED_SUFFIXES = new HashSet<>(Arrays.asList("total", "count", "sum",
            "bucket", "info", "created"));
    /** Milliseconds per time unit; a unit not listed is not a duration. */
    private static final Map<String, Double> TIME_UNITS = new HashMap<>();

    static {
        for (String u : new String[] {"ns", "nanos", "nanosecond", "nanoseconds"}) {
            TIME_UNITS.put(u, 1e-6);
        }
        for (String u : new String[] {"us", "µs", "micros", "microsecond", "microseconds"}) {
            TIME_UNITS.put(u, 1e-3);
        }
        for (String u : new String[] {"ms", "millis", "millisecond", "milliseconds"}) {
            TIME_UNITS.put(u, 1.0);
        }
        for (String u : new String[] {"s", "sec", "secs", "second", "seconds"}) {
            TIME_UNITS.put(u, 1_000.0);
        }
        for (String u : new String[] {"min", "mins", "minute", "minutes"}) {
            TIME_UNITS.put(u, 60_000.0);
        }
        for (String u : new String[] {"h", "hour", "hours"}) {
            TIME_UNITS.put(u, 3_600_000.0);
        }
    }

    /** What a posted value is. */
    enum Kind {
        COUNTER, GAUGE, HISTOGRAM;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind of(String label) {
            for (Kind k : values()) {
                if (k.label().equals(label)) {
                    return k;
                }
            }
            return null;
        }
    }

    /** One recorded value, as posted. */
    static final class Point {
        final String type;
        final Kind kind;
        final double value;
        final String unit;
        final Map<String, String> tags;
        final long timestamp;

        Point(String type, Kind kind, double value, String unit, Map<String, String> tags, long timestamp) {
            this.type = type;
            this.kind = kind;
            this.value = value;
            this.unit = unit;
            this.tags = Collections.unmodifiableMap(tags);
            this.timestamp = timestamp;
        }
    }

    /** A gauge family: the last value per tag combination, capped like every other family. */
    private static final class GaugeFamily extends SeriesFamily<double[]> {
        GaugeFamily(String name, String[] labelNames) {
            super(name, MAX_SERIES, labelNames);
        }

        @Override
        protected double[] newSeries() {
            return new double[] {Double.NaN};
        }
    }

    /** One metric: fixed by its first value. */
    private static final class Metric {
        final String key;
        final String posted;
        final Kind kind;
        final String unit;
        /** Milliseconds per posted unit when the metric is a duration, else 0. */
        final double msPerUnit;
        final String exposed;
        /** Label names (sanitised tag names), sorted; the posted tag names map onto them. */
        final String[] labelNames;
        final Deque<Point> points = new ArrayDeque<>();
        /** Histogram observations recorded or restored; a timer's lifetime shows them only after its next rotation. */
        long observations;
        CounterFamily counters;
        TimerFamily timers;
        GaugeFamily gauges;

        Metric(String key, String posted, Kind kind, String unit, double msPerUnit, String exposed, String[] labelNames) {
            this.key = key;
            this.posted = posted;
            this.kind = kind;
            this.unit = unit;
            this.msPerUnit = msPerUnit;
            this.exposed = exposed;
            this.labelNames = labelNames;
        }

        String help() {
            return "Custom metric " + posted + " posted to /metrics/custom" + (unit.isEmpty() ? "." : " (" + unit + ").");
        }
    }

    private final MetricRegistry registry;
    private final RegistryMetrics descriptors;
    private final Map<String, Metric> byKey = new LinkedHashMap<>();
    private final Map<String, String> exposedOwners = new HashMap<>();
    private boolean changed;

    CustomMetrics(MetricRegistry registry, RegistryMetrics descriptors) {
        this.registry = registry;
        this.descriptors = descriptors;
    }

    // ---- names ----

    /** The key of a posted name: snake case, {@code [a-z0-9_]}, no leading, trailing or double {@code _}. */
    static String key(String posted) {
        StringBuilder sb = new StringBuilder(posted.length() + 8);
        char previous = '_';
        for (int i = 0; i < posted.length(); i++) {
            char c = posted.charAt(i);
            if (Character.isUpperCase(c) && Character.isLowerCase(previous) || Character.isUpperCase(c)
                    && Character.isDigit(previous)) {
                sb.append('_');
            }
            char lower = Character.toLowerCase(c);
            boolean ok = lower >= 'a' && lower <= 'z' || lower >= '0' && lower <= '9';
            char out = ok ? lower : '_';
            if (out != '_' || sb.length() > 0 && sb.charAt(sb.length() - 1) != '_') {
                sb.append(out);
            }
            previous = c;
        }
        while (sb.length() > 0 && sb.charAt(sb.length() - 1) == '_') {
            sb.setLength(sb.length() - 1);
        }
        return sb.toString();
    }

    /** The Prometheus name of a key: {@code vitals_custom_} + the key without unit words and reserved suffixes. */
    static String exposedName(String key, boolean duration) {
        List<String> words = new ArrayList<>();
        for (String w : key.split("_")) {
            if (!w.isEmpty() && !UNIT_WORDS.contains(w)) {
                words.add(w);
            }
        }
        while (!words.isEmpty() && RESERVED_SUFFIXES.contains(words.get(words.size() - 1))) {
            words.remove(words.size() - 1);
        }
        String base = words.isEmpty() ? "value" : String.join("_", words);
        return PREFIX + base + (duration ? "_seconds" : "");
    }

    /** A tag name as a label name: snake case, not reserved by Prometheus ({@code __*}, {@code le}, {@code quantile}). */
    static String labelName(String tag) {
        String k = key(tag);
        if (k.isEmpty() || Character.isDigit(k.charAt(0)) || k.equals("le") || k.equals("quantile")) {
            return "tag_" + k;
        }
        return k;
    }

    /** Milliseconds per unit of a duration; 0 when the unit (or, without one, the name) says no time unit. */
    static double msPerUnit(String unit, String key) {
        if (!unit.isEmpty()) {
            Double ms = TIME_UNITS.get(unit.toLowerCase(Locale.ROOT));
            return ms == null ? 0 : ms;
        }
        for (String w : key.split("_")) {
            // Single letters (s, m, h) in a name are too often something else to be read as units.
            Double ms = w.length() > 1 ? TIME_UNITS.get(w) : null;
            if (ms != null) {
                return ms;
            }
        }
        return 0;
    }

    /** A rule's {@code metricType} that names a custom metric explicitly. */
    static boolean isRuleRef(String metric) {
        return metric.startsWith(RULE_PREFIX);
    }

    /** The key a rule or {@code ?types=} entry refers to: {@code custom:x} or a bare posted name. */
    static String refKey(String metric) {
        return key(isRuleRef(metric) ? metric.substring(RULE_PREFIX.length()) : metric);
    }

    // ---- recording ----

    /**
     * Records a point: its metric is created by its first value; later values must agree with its kind, unit and
     * tag names. Throws {@link HttpError} 400 or 409 naming the field, with {@code prefix} (e.g. {@code [3].}).
     */
    synchronized void record(Point p, String prefix) {
        String key = key(p.type);
        if (key.isEmpty()) {
            throw HttpError.badRequest(prefix + "metricType: '" + p.type + "' has no letter or digit");
        }
        Metric m = byKey.get(key);
        if (m == null) {
            m = define(key, p.type, p.kind == null ? Kind.GAUGE : p.kind, p.unit, tagLabels(p.tags.keySet(), prefix), prefix);
        } else {
            if (p.kind != null && p.kind != m.kind) {
                throw HttpError.conflict(prefix + "kind: '" + m.posted + "' is a " + m.kind.label() + "; got "
                        + p.kind.label());
            }
            if (!p.unit.isEmpty() && !p.unit.equals(m.unit)) {
                throw HttpError.badRequest(prefix + "unit: '" + m.posted + "' is recorded in '" + m.unit + "'; got '"
                        + p.unit + "'");
            }
        }
        String[] values = labelValues(m, p.tags, prefix);
        checkValue(m, p.value, prefix);
        apply(m, values, p.value);
        if (m.points.size() >= MAX_POINTS) {
            m.points.removeFirst();
        }
        m.points.addLast(p);
        changed = true;
    }

    private static String[] tagLabels(Set<String> tags, String prefix) {
        if (tags.size() > MAX_TAGS) {
            throw HttpError.badRequest(prefix + "tags: at most " + MAX_TAGS + " tags (Prometheus labels) per metric; got "
                    + tags.size());
        }
        TreeMap<String, String> labels = new TreeMap<>();
        for (String t : tags) {
            String previous = labels.put(labelName(t), t);
            if (previous != null) {
                throw HttpError.badRequest(prefix + "tags." + t + ": same label name '" + labelName(t) + "' as tag '"
                        + previous + "'");
            }
        }
        return labels.keySet().toArray(new String[0]);
    }

    private Metric define(String key, String posted, Kind kind, String unit, String[] labelNames, String prefix) {
        if (byKey.size() >= MAX_TYPES) {
            throw HttpError.conflict(prefix + "metricType: already " + MAX_TYPES + " custom metrics; '" + posted
                    + "' is refused");
        }
        double ms = msPerUnit(unit, key);
        if (kind == Kind.COUNTER && !unit.isEmpty() && ms > 0) {
            throw HttpError.badRequest(prefix + "unit: a counter counts whole events; post durations such as '" + unit
                    + "' as kind histogram or gauge");
        }
        if (kind == Kind.COUNTER) {
            ms = 0;
        }
        String exposed = exposedName(key, ms > 0);
        String owner = exposedOwners.get(exposed);
        if (owner != null) {
            throw HttpError.conflict(prefix + "metricType: '" + posted + "' would be exposed as " + exposed
                    + (kind == Kind.COUNTER ? "_total" : "") + ", which custom metric '" + owner + "' already is");
        }
        Metric m = new Metric(key, posted, kind, unit, ms, exposed, labelNames);
        switch (kind) {
            case COUNTER:
                m.counters = registry.counterFamily(exposed, MAX_SERIES, labelNames);
                descriptors.describe(exposed, new MetricDescriptor(m.help(), "", new double[0]));
                break;
            case HISTOGRAM:
                m.timers = registry.timerFamily(exposed, MAX_SERIES, labelNames);
                descriptors.describe(exposed, ms > 0
                        ? new MetricDescriptor(m.help(), "seconds", MetricDescriptor.DURATION_BUCKETS)
                        : new MetricDescriptor(m.help(), "", VALUE_BUCKETS, 1_000));
                break;
            default:
                m.gauges = new GaugeFamily(exposed, labelNames);
        }
        byKey.put(key, m);
        exposedOwners.put(exposed, posted);
        return m;
    }

    private static String[] labelValues(Metric m, Map<String, String> tags, String prefix) {
        String[] values = new String[m.labelNames.length];
        for (Map.Entry<String, String> t : tags.entrySet()) {
            int i = Arrays.asList(m.labelNames).indexOf(labelName(t.getKey()));
            if (i < 0) {
                throw HttpError.badRequest(prefix + "tags." + t.getKey() + ": '" + m.posted + "' was first recorded with "
                        + "the tags " + Arrays.toString(m.labelNames) + "; a metric keeps the tag names of its first value");
            }
            values[i] = t.getValue();
        }
        return values;
    }

    private static void checkValue(Metric m, double value, String prefix) {
        if (m.kind == Kind.COUNTER && (value < 0 || value != Math.rint(value) || value > 1e15)) {
            throw HttpError.badRequest(prefix + "value: a counter's value is a whole increment >= 0; got " + value);
        }
        if (m.kind == Kind.HISTOGRAM && value < 0) {
            throw HttpError.badRequest(prefix + "value: a histogram observation must be >= 0; got " + value);
        }
    }

    private static void apply(Metric m, String[] labels, double value) {
        switch (m.kind) {
            case COUNTER:
                series(m.counters, labels).add((long) value);
                break;
            case HISTOGRAM:
                // One unit per millisecond (see the class comment), so durations and other values share the timer.
                double ms = m.msPerUnit > 0 ? value * m.msPerUnit : value;
                series(m.timers, labels).record(Math.round(ms * 1_000_000));
                m.observations++;
                break;
            default:
                series(m.gauges, labels)[0] = m.msPerUnit > 0 ? value * m.msPerUnit / 1_000 : value;
        }
    }

    private static <T> T series(SeriesFamily<T> f, String[] v) {
        switch (v.length) {
            case 0:
                return f.get();
            case 1:
                return f.get(v[0]);
            case 2:
                return f.get(v[0], v[1]);
            case 3:
                return f.get(v[0], v[1], v[2]);
            case 4:
                return f.get(v[0], v[1], v[2], v[3]);
            default:
                return f.get(v[0], v[1], v[2], v[3], v[4]);
        }
    }

    // ---- reading ----

    /** Whether a metric with this posted name (or {@code custom:} reference) has been recorded. */
    synchronized boolean has(String nameOrRef) {
        return byKey.containsKey(refKey(nameOrRef));
    }

    /** The posted names of the recorded metrics, first recorded first. */
    synchronized List<String> types() {
        List<String> out = new ArrayList<>();
        for (Metric m : byKey.values()) {
            out.add(m.posted);
        }
        return out;
    }

    /** The metric's points with a timestamp after {@code sinceMillis}, oldest first (newest {@code limit}). */
    synchronized List<Point> since(String nameOrRef, long sinceMillis, int limit) {
        Metric m = byKey.get(refKey(nameOrRef));
        List<Point> out = new ArrayList<>();
        if (m == null) {
            return out;
        }
        for (Point p : m.points) {
            if (p.timestamp > sinceMillis) {
                out.add(p);
            }
        }
        return out.size() > limit ? new ArrayList<>(out.subList(out.size() - limit, out.size())) : out;
    }

    /** The aggregate of the values posted in the window whose tags match {@code tags}; NaN when none. */
    synchronized double aggregate(String nameOrRef, Map<String, String> tags, String aggregation, long sinceMillis) {
        Metric m = byKey.get(refKey(nameOrRef));
        if (m == null) {
            return Double.NaN;
        }
        Aggregator a = new Aggregator(aggregation == null ? "last" : aggregation);
        for (Point p : m.points) {
            if (p.timestamp > sinceMillis && Subjects.matches(p.tags, tags)) {
                a.add(p.value);
            }
        }
        return a.result();
    }

    /** Gauges; counters and histograms are registry families, which the registry's own source exposes. */
    @Override
    public synchronized void collect(MetricsSink sink) {
        for (Metric m : byKey.values()) {
            if (m.gauges != null) {
                String help = m.help();
                String unit = m.msPerUnit > 0 ? "seconds" : null;
                m.gauges.forEach((labels, g) -> {
                    if (!Double.isNaN(g[0])) {
                        sink.gauge(m.exposed, help, unit, m.labelNames, labels, g[0]);
                    }
                });
            }
        }
    }

    // ---- across a restart ----

    /** Whether values arrived since the last {@link #write}. */
    synchronized boolean changed() {
        return changed;
    }

    /** After a failed write: the next round writes again. */
    synchronized void markChanged() {
        changed = true;
    }

    /** Every metric's definition and lifetime figures; clears {@link #changed}. */
    synchronized void write(JsonGenerator g) throws IOException {
        boolean complete = true;
        g.writeStartObject();
        g.writeNumberField("version", 1);
        g.writeArrayFieldStart("metrics");
        for (Metric m : byKey.values()) {
            g.writeStartObject();
            g.writeStringField("metricType", m.posted);
            g.writeStringField("kind", m.kind.label());
            g.writeStringField("unit", m.unit);
            g.writeFieldName("labels");
            JsonValues.write(g, Arrays.asList(m.labelNames));
            g.writeArrayFieldStart("series");
            IOException[] failed = new IOException[1];
            long[] written = new long[1];
            SeriesFamily<?> family = m.counters != null ? m.counters : m.timers != null ? m.timers : m.gauges;
            writeSeries(g, family, failed, written);
            if (failed[0] != null) {
                throw failed[0];
            }
            // Observations not rotated into the lifetime yet: write again next round.
            complete &= m.timers == null || written[0] >= m.observations;
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        changed = !complete;
    }

    private static <T> void writeSeries(JsonGenerator g, SeriesFamily<T> family, IOException[] failed, long[] observations) {
        family.forEach((labels, series) -> {
            try {
                g.writeStartObject();
                g.writeFieldName("labels");
                JsonValues.write(g, Arrays.asList(labels));
                if (series instanceof Counter) {
                    g.writeNumberField("total", ((Counter) series).sum());
                } else if (series instanceof Timer) {
                    Lifetime lifetime = ((Timer) series).lifetime();
                    Histogram h = Timer.newHistogram();
                    lifetime.addTo(h);
                    observations[0] += h.getTotalCount();
                    ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
                    int length = h.encodeIntoCompressedByteBuffer(buffer);
                    g.writeStringField("histogram", Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length)));
                    g.writeNumberField("sumNanos", Math.round(lifetime.sumSeconds() * 1e9));
                } else {
                    g.writeNumberField("value", ((double[]) series)[0]);
                }
                g.writeEndObject();
            } catch (IOException e) {
                failed[0] = e;
            }
        });
    }

    /**
     * Puts back what {@link #write} wrote. Unusable entries are skipped and named in the returned problems;
     * never throws on content.
     */
    synchronized List<String> restore(Object document) {
        List<String> problems = new ArrayList<>();
        if (!(document instanceof Map) || !(((Map<?, ?>) document).get("metrics") instanceof List)) {
            return problems;
        }
        for (Object o : (List<?>) ((Map<?, ?>) document).get("metrics")) {
            try {
                restoreMetric((Map<?, ?>) o);
            } catch (RuntimeException | DataFormatException e) {
                problems.add(String.valueOf(o instanceof Map ? ((Map<?, ?>) o).get("metricType") : o) + ": " + e.getMessage());
            }
        }
        changed = false;
        return problems;
    }

    private void restoreMetric(Map<?, ?> o) throws DataFormatException {
        String posted = (String) o.get("metricType");
        Kind kind = Kind.of((String) o.get("kind"));
        List<?> labelList = (List<?>) o.get("labels");
        String[] labelNames = labelList.toArray(new String[0]);
        Metric m = define(key(posted), posted, kind, (String) o.get("unit"), labelNames, "");
        for (Object s : (List<?>) o.get("series")) {
            Map<?, ?> series = (Map<?, ?>) s;
            String[] labels = ((List<?>) series.get("labels")).toArray(new String[0]);
            switch (kind) {
                case COUNTER:
                    series(m.counters, labels).restore(((Double) series.get("total")).longValue());
                    break;
                case HISTOGRAM:
                    byte[] bytes = Base64.getDecoder().decode((String) series.get("histogram"));
                    Histogram h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), Timer.HIGHEST_TRACKABLE_MICROS);
                    series(m.timers, labels).restoreLifetime(h, ((Double) series.get("sumNanos")).longValue());
                    m.observations += h.getTotalCount();
                    break;
                default:
                    series(m.gauges, labels)[0] = (Double) series.get("value");
            }
        }
    }
}

package dev.vitals.exporter.prometheus;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The sink for one scrape: groups samples into families in first-seen order, renders each sample line as it
 * arrives (sample lines are the same in both formats), and renders the family headers at the end.
 *
 * <p>Used by one thread for one scrape; not thread-safe.
 */
final class Collector implements MetricsSink {

    enum Type {
        GAUGE("gauge", "gauge", ""),
        COUNTER("counter", "counter", "_total"),
        HISTOGRAM("histogram", "histogram", ""),
        INFO("info", "gauge", "_info");

        final String openMetricsType;
        final String textType;
        /** What the text format appends to the family name (OpenMetrics puts it on the samples only). */
        final String textSuffix;

        Type(String openMetricsType, String textType, String textSuffix) {
            this.openMetricsType = openMetricsType;
            this.textType = textType;
            this.textSuffix = textSuffix;
        }

        /** Every sample name a family of this type may use, so that two families never share one. */
        String[] sampleNames(String name) {
            switch (this) {
                case COUNTER:
                    return new String[] {name + "_total", name + "_created"};
                case HISTOGRAM:
                    return new String[] {name + "_bucket", name + "_count", name + "_sum", name + "_created"};
                case INFO:
                    return new String[] {name + "_info"};
                default:
                    return new String[] {name};
            }
        }
    }

    static final class Family {
        final String name;
        final Type type;
        final String help;
        final String unit;
        final StringBuilder samples = new StringBuilder(128);
        final Set<String> labelSets = new HashSet<>();

        Family(String name, Type type, String help, String unit) {
            this.name = name;
            this.type = type;
            this.help = help;
            this.unit = unit;
        }
    }

    private final Map<String, Family> families = new LinkedHashMap<>();
    /** Family names and sample names already taken, to refuse a later family that would collide. */
    private final Map<String, Family> claimed = new HashMap<>();
    private long dropped;

    long dropped() {
        return dropped;
    }

    @Override
    public void gauge(String name, String help, String unit, String[] labelNames, String[] labelValues, double value) {
        String labels = labels(labelNames, labelValues, false);
        Family family = labels == null ? null : family(Type.GAUGE, name, help, unit);
        if (family == null || !family.labelSets.add(labels)) {
            dropped++;
            return;
        }
        sample(family.samples, family.name, labels, null);
        Numbers.appendValue(family.samples, value);
        family.samples.append('\n');
    }

    @Override
    public void counter(String name, String help, String unit, String[] labelNames, String[] labelValues,
            double value) {
        // A counter total must be a non-negative number (OpenMetrics); NaN or negative means a bug upstream.
        String labels = Double.isNaN(value) || value < 0 ? null : labels(labelNames, labelValues, false);
        Family family = labels == null ? null : family(Type.COUNTER, name, help, unit);
        if (family == null || !family.labelSets.add(labels)) {
            dropped++;
            return;
        }
        sample(family.samples, family.name + "_total", labels, null);
        Numbers.appendValue(family.samples, value);
        family.samples.append('\n');
    }

    @Override
    public void histogram(String name, String help, String unit, String[] labelNames, String[] labelValues,
            double[] upperBounds, long[] cumulativeCounts, double sum, long count) {
        int buckets = validBuckets(upperBounds, cumulativeCounts, count);
        String labels = buckets < 0 ? null : labels(labelNames, labelValues, true);
        Family family = labels == null ? null : family(Type.HISTOGRAM, name, help, unit);
        if (family == null || !family.labelSets.add(labels)) {
            dropped++;
            return;
        }
        StringBuilder out = family.samples;
        String bucket = family.name + "_bucket";
        for (int i = 0; i < buckets; i++) {
            sample(out, bucket, labels, upperBounds[i]);
            out.append(cumulativeCounts[i]).append('\n');
        }
        sample(out, bucket, labels, Double.POSITIVE_INFINITY);
        out.append(count).append('\n');
        sample(out, family.name + "_count", labels, null);
        out.append(count).append('\n');
        sample(out, family.name + "_sum", labels, null);
        Numbers.appendValue(out, sum);
        out.append('\n');
    }

    @Override
    public void info(String name, String help, String[] labelNames, String[] labelValues) {
        String labels = labels(labelNames, labelValues, false);
        Family family = labels == null ? null : family(Type.INFO, name, help, null);
        if (family == null || !family.labelSets.add(labels)) {
            dropped++;
            return;
        }
        sample(family.samples, family.name + "_info", labels, null);
        family.samples.append("1\n");
    }

    /** The family for a sample, creating it on first sight; {@code null} when the name is taken by another type. */
    private Family family(Type type, String rawName, String help, String unit) {
        String name = Names.metricName(rawName);
        if (name == null) {
            return null;
        }
        if (!type.textSuffix.isEmpty() && name.endsWith(type.textSuffix) && name.length() > type.textSuffix.length()) {
            // Callers are asked for the bare name; accept "x_total" / "x_info" rather than write "x_total_total".
            name = name.substring(0, name.length() - type.textSuffix.length());
        }
        Family family = families.get(name);
        if (family != null) {
            return family.type == type ? family : null;
        }
        String[] sampleNames = type.sampleNames(name);
        if (claimed.containsKey(name)) {
            return null;
        }
        for (String sampleName : sampleNames) {
            if (claimed.containsKey(sampleName)) {
                return null;
            }
        }
        family = new Family(name, type, help == null || help.isEmpty() ? name : help, unit);
        families.put(name, family);
        claimed.put(name, family);
        for (String sampleName : sampleNames) {
            claimed.put(sampleName, family);
        }
        return family;
    }

    /**
     * The rendered label pairs without braces ({@code a="x",b="y"}), or {@code null} if the arrays are unusable:
     * different lengths, a repeated name, or {@code le} on a histogram.
     */
    private static String labels(String[] names, String[] values, boolean histogram) {
        int n = names == null ? 0 : names.length;
        if (n != (values == null ? 0 : values.length)) {
            return null;
        }
        if (n == 0) {
            return "";
        }
        StringBuilder out = new StringBuilder(16 * n);
        String[] sanitized = new String[n];
        for (int i = 0; i < n; i++) {
            String name = Names.labelName(names[i]);
            if (name == null || (histogram && name.equals("le"))) {
                return null;
            }
            for (int j = 0; j < i; j++) {
                if (sanitized[j].equals(name)) {
                    return null;
                }
            }
            sanitized[i] = name;
            if (i > 0) {
                out.append(',');
            }
            out.append(name).append("=\"");
            escapeLabelValue(out, values[i] == null ? "" : values[i]);
            out.append('"');
        }
        return out.toString();
    }

    /** The number of finite buckets to write, or -1 if the histogram is malformed. */
    private static int validBuckets(double[] bounds, long[] counts, long count) {
        if (bounds == null || counts == null || bounds.length != counts.length || count < 0) {
            return -1;
        }
        int n = bounds.length;
        if (n > 0 && bounds[n - 1] == Double.POSITIVE_INFINITY) {
            // Tolerate an explicit +Inf bound: it must agree with count, and the writer adds its own.
            if (counts[n - 1] != count) {
                return -1;
            }
            n--;
        }
        long previous = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(bounds[i]) || Double.isInfinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])
                    || counts[i] < previous || counts[i] > count) {
                return -1;
            }
            previous = counts[i];
        }
        return n;
    }

    private static void sample(StringBuilder out, String name, String labels, Double le) {
        out.append(name);
        if (le != null) {
            out.append('{').append(labels);
            if (!labels.isEmpty()) {
                out.append(',');
            }
            out.append("le=\"");
            Numbers.appendLe(out, le);
            out.append("\"}");
        } else if (!labels.isEmpty()) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ');
    }

    /** Renders the whole exposition. */
    String render(boolean openMetrics) {
        int size = 64;
        for (Family family : families.values()) {
            size += family.samples.length() + family.help.length() + 3 * family.name.length() + 40;
        }
        StringBuilder out = new StringBuilder(size);
        for (Family family : families.values()) {
            if (openMetrics) {
                out.append("# TYPE ").append(family.name).append(' ').append(family.type.openMetricsType).append('\n');
                if (Names.validUnit(family.unit) && family.name.endsWith("_" + family.unit)) {
                    out.append("# UNIT ").append(family.name).append(' ').append(family.unit).append('\n');
                }
                out.append("# HELP ").append(family.name).append(' ');
                escapeHelp(out, family.help, true);
                out.append('\n');
            } else {
                String name = family.name + family.type.textSuffix;
                out.append("# HELP ").append(name).append(' ');
                escapeHelp(out, family.help, false);
                out.append('\n');
                out.append("# TYPE ").append(name).append(' ').append(family.type.textType).append('\n');
            }
            out.append(family.samples);
        }
        if (openMetrics) {
            out.append("# EOF\n");
        }
        return out.toString();
    }

    /** Label values escape backslash, double quote and line feed, in both formats. */
    static void escapeLabelValue(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\':
                    out.append("\\\\");
                    break;
                case '"':
                    out.append("\\\"");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                default:
                    out.append(c);
            }
        }
    }

    /** HELP escapes backslash and line feed; OpenMetrics also escapes the double quote, text 0.0.4 must not. */
    static void escapeHelp(StringBuilder out, String help, boolean openMetrics) {
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '"' && openMetrics) {
                out.append("\\\"");
            } else {
                out.append(c);
            }
        }
    }
}

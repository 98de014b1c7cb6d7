package dev.vitals.exporter.prometheus;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes Prometheus text format 0.0.4 and OpenMetrics 1.0.0 from {@link MetricsSource}s.
 *
 * <p>Thread-safe and stateless apart from two monotonic counters: each {@link #write} call collects into its
 * own buffers, so concurrent scrapes do not interfere.
 */
public final class PrometheusExposition {
    public static final String TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    public static final String OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private static final LongAdder DROPPED_SAMPLES = new LongAdder();
    private static final LongAdder FAILED_COLLECTIONS = new LongAdder();

    private PrometheusExposition() {
    }

    /**
     * Content negotiation as Prometheus' client libraries do it: the media ranges are ranked by q-value, then
     * by specificity, then by order, and OpenMetrics is chosen when its best range ({@code
     * application/openmetrics-text} with no version, {@code 1.0.0} or {@code 0.0.1}) outranks the best text range
     * ({@code text/plain} with no version or {@code 0.0.4}, {@code text/*}, <code>&#42;/&#42;</code>). {@code q=0} means
     * "not acceptable".
     */
    public static boolean wantsOpenMetrics(String acceptHeader) {
        if (acceptHeader == null || acceptHeader.isEmpty()) {
            return false;
        }
        double[] bestOpenMetrics = null;
        double[] bestText = null;
        String[] ranges = acceptHeader.split(",");
        for (int index = 0; index < ranges.length; index++) {
            String[] parts = ranges[index].split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            String version = null;
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = parts[i].substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = parts[i].substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (key.equals("q")) {
                    q = parseQ(value);
                } else if (key.equals("version")) {
                    version = value;
                }
            }
            if (q <= 0) {
                continue;
            }
            // Rank: q first, then specificity (exact type beats text/* beats */*), then earlier position.
            if (type.equals("application/openmetrics-text")
                    && (version == null || version.equals("1.0.0") || version.equals("0.0.1"))) {
                bestOpenMetrics = better(bestOpenMetrics, new double[] {q, 2, -index});
            } else if (type.equals("text/plain") && (version == null || version.equals("0.0.4"))) {
                bestText = better(bestText, new double[] {q, 2, -index});
            } else if (type.equals("text/*")) {
                bestText = better(bestText, new double[] {q, 1, -index});
            } else if (type.equals("*/*")) {
                bestText = better(bestText, new double[] {q, 0, -index});
            }
        }
        return bestOpenMetrics != null && (bestText == null || compare(bestOpenMetrics, bestText) > 0);
    }

    private static double parseQ(String value) {
        try {
            double q = Double.parseDouble(value);
            return Double.isNaN(q) ? 0 : q;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double[] better(double[] current, double[] candidate) {
        return current == null || compare(candidate, current) > 0 ? candidate : current;
    }

    private static int compare(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            int c = Double.compare(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The content type for the chosen format. */
    public static String contentType(boolean openMetrics) {
        return openMetrics ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE;
    }

    /**
     * Collects every source and renders the exposition as UTF-8. A source that throws is skipped from that
     * point on and counted in {@link #failedCollections()}; the samples it gave before failing are kept.
     */
    public static byte[] write(List<MetricsSource> sources, boolean openMetrics) {
        Collector collector = new Collector();
        for (MetricsSource source : sources) {
            try {
                source.collect(collector);
            } catch (RuntimeException e) {
                // One broken source must not take /metrics down for all the others.
                FAILED_COLLECTIONS.increment();
            }
        }
        DROPPED_SAMPLES.add(collector.dropped());
        return collector.render(openMetrics).getBytes(StandardCharsets.UTF_8);
    }

    /** Samples dropped since start: a name reused with another type, bad label arrays, repeats, bad histograms. */
    public static long droppedSamples() {
        return DROPPED_SAMPLES.sum();
    }

    /** {@link MetricsSource#collect} calls that threw since start. */
    public static long failedCollections() {
        return FAILED_COLLECTIONS.sum();
    }
}

package dev.vitals.exporter.prometheus;

/**
 * Receives samples during one {@link MetricsSource#collect} call. Valid only during that call and on that
 * thread.
 *
 * <p>Samples of one family may arrive in several calls and from several sources; the writer groups them and
 * writes HELP/TYPE once, with the first call's help and unit. Invalid names are sanitised; a sample that
 * cannot be written correctly (a name already used with another type, label arrays of different lengths, a
 * repeated label set, a malformed histogram) is dropped and counted in
 * {@link PrometheusExposition#droppedSamples()}, never thrown.
 *
 * <p>{@code unit} may be {@code null}; when the name ends with {@code _<unit>} OpenMetrics gets a UNIT line.
 * Label value {@code null} is written as the empty string.
 */
public interface MetricsSink {

    void gauge(String name, String help, String unit, String[] labelNames, String[] labelValues, double value);

    /** A counter; {@code name} is given without {@code _total}, which the writer adds. */
    void counter(String name, String help, String unit, String[] labelNames, String[] labelValues, double value);

    /**
     * A histogram with cumulative bucket counts.
     *
     * @param upperBounds strictly increasing, without {@code +Inf}
     * @param cumulativeCounts one per upper bound, non-decreasing, none above {@code count}
     * @param count the total count, written as the {@code le="+Inf"} bucket and {@code _count}
     */
    void histogram(String name, String help, String unit, String[] labelNames, String[] labelValues,
            double[] upperBounds, long[] cumulativeCounts, double sum, long count);

    /** An info metric (value 1); {@code name} is given without {@code _info}, e.g. {@code vitals_build}. */
    void info(String name, String help, String[] labelNames, String[] labelValues);
}

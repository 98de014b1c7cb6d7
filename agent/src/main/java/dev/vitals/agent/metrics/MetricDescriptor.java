package dev.vitals.agent.metrics;

/** Help text, unit and histogram buckets of one metric family in the registry. */
public final class MetricDescriptor {
    /** OpenTelemetry's advised buckets for HTTP and database durations, in seconds: fine enough for 5 ms and 1 s SLOs. */
    public static final double[] DURATION_BUCKETS = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10
    };
    /** OpenTelemetry's advised buckets for {@code jvm.gc.duration}. */
    public static final double[] GC_BUCKETS = {0.01, 0.1, 1, 10};

    private final String help;
    private final String unit;
    private final double[] buckets;
    private final double scale;

    public MetricDescriptor(String help, String unit, double[] buckets) {
        this(help, unit, buckets, 1);
    }

    /**
     * @param scale what a timer's seconds are multiplied by when exposed: 1 for durations; 1000 for a timer that
     *              stores one unit of something else per millisecond (custom histograms); {@code buckets} are in
     *              the exposed unit
     */
    public MetricDescriptor(String help, String unit, double[] buckets, double scale) {
        this.help = help;
        this.unit = unit;
        this.buckets = buckets.clone();
        this.scale = scale;
    }

    public double scale() {
        return scale;
    }

    public String help() {
        return help;
    }

    public String unit() {
        return unit;
    }

    public double[] buckets() {
        return buckets.clone();
    }
}

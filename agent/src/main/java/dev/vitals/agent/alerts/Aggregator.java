package dev.vitals.agent.alerts;

/**
 * Folds values with a rule's {@code aggregation}: sum, avg, min, max, last or count ("rate" is summed after
 * {@link CounterRates}). NaN when there were none.
 */
final class Aggregator {
    private final String kind;
    private long n;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double last = Double.NaN;

    Aggregator(String kind) {
        this.kind = kind;
    }

    void add(double v) {
        if (Double.isNaN(v)) {
            return;
        }
        n++;
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
        last = v;
    }

    double result() {
        if ("count".equals(kind)) {
            return n;
        }
        if (n == 0) {
            return Double.NaN;
        }
        switch (kind) {
            case "avg":
                return sum / n;
            case "min":
                return min;
            case "max":
                return max;
            case "last":
                return last;
            default:
                return sum;
        }
    }
}

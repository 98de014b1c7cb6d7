package dev.vitals.agent.metrics;

/**
 * A capped family of {@link Counter}s. See {@link SeriesFamily} for the lookup, cap and thread-safety contract.
 */
public final class CounterFamily extends SeriesFamily<Counter> {
    public CounterFamily(String name, int maxSeries, String... labelNames) {
        super(name, maxSeries, labelNames);
    }

    @Override
    protected Counter newSeries() {
        return new Counter();
    }
}

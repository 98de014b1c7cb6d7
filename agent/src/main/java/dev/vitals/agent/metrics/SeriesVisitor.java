package dev.vitals.agent.metrics;

/** Receives each series of a {@link SeriesFamily}; see {@link SeriesFamily#forEach(SeriesVisitor)}. */
public interface SeriesVisitor<T> {
    /**
     * @param labelValues the series' label values, in the order of {@link SeriesFamily#labelNames()}; a fresh
     *                    array the visitor may keep
     */
    void visit(String[] labelValues, T series);
}

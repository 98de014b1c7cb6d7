package dev.vitals.exporter.prometheus;

/**
 * Something that reports samples when scraped. Called on an exporter worker thread, possibly concurrently
 * with other scrapes, so implementations must be thread-safe; they should read prepared values and not block.
 */
@FunctionalInterface
public interface MetricsSource {
    void collect(MetricsSink sink);
}

package dev.vitals.agent.history;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;

/**
 * A period's figures as a performance report shows them: the whole range's {@code metrics} and each
 * {@code breakdown} row are both written from a {@link PeriodFigures.Summary} by {@link #writeFields}, each choosing
 * a {@link Shape}. Milliseconds, percent, requests per minute, megabytes; one decimal; a resource figure with no
 * sample is null.
 */
final class PeriodSummaryView {
    /** The fields a period can show. */
    enum Field {
        AVERAGE_RESPONSE_TIME, P50, P95, P99, ERROR_RATE, THROUGHPUT, TOTAL_REQUESTS, TOTAL_ERRORS, MEMORY_USAGE,
        MEMORY_USED_MB, MEMORY_PEAK_MB, CPU_USAGE,
        /** {@code cacheHitRate} and {@code cacheLookups}, only when there were lookups. */
        CACHE,
        /** {@code poolWaitTime}, {@code poolWaitP95} and {@code poolTimeouts}, only when a pool was waited for. */
        POOL_WAIT
    }

    /** Where a period is shown. */
    enum Shape {
        /** The report's {@code metrics}: every figure of the range. */
        METRICS(Field.AVERAGE_RESPONSE_TIME, Field.P50, Field.P95, Field.P99, Field.ERROR_RATE, Field.THROUGHPUT,
                Field.TOTAL_REQUESTS, Field.TOTAL_ERRORS, Field.MEMORY_USAGE, Field.MEMORY_USED_MB, Field.MEMORY_PEAK_MB,
                Field.CPU_USAGE, Field.CACHE, Field.POOL_WAIT),
        /** A {@code breakdown} row with data (the row writes its own start, end and request count). */
        BREAKDOWN(Field.AVERAGE_RESPONSE_TIME, Field.P95, Field.P99, Field.ERROR_RATE, Field.THROUGHPUT,
                Field.MEMORY_USAGE, Field.CPU_USAGE);

        private final Field[] fields;

        Shape(Field... fields) {
            this.fields = fields;
        }
    }

    private PeriodSummaryView() {
    }

    /** Writes the fields of {@code s} into the object being written. */
    static void writeFields(JsonGenerator g, PeriodFigures.Summary s, Shape shape) throws IOException {
        for (Field field : shape.fields) {
            field(g, s, field);
        }
    }

    private static void field(JsonGenerator g, PeriodFigures.Summary s, Field field) throws IOException {
        switch (field) {
            case AVERAGE_RESPONSE_TIME:
                g.writeNumberField("averageResponseTime", PerformanceReport.round(s.requests.mean));
                break;
            case P50:
                g.writeNumberField("p50", PerformanceReport.round(s.requests.p50));
                break;
            case P95:
                g.writeNumberField("p95", PerformanceReport.round(s.requests.p95));
                break;
            case P99:
                g.writeNumberField("p99", PerformanceReport.round(s.requests.p99));
                break;
            case ERROR_RATE:
                g.writeNumberField("errorRate", PerformanceReport.round(s.errorRate));
                break;
            case THROUGHPUT:
                g.writeNumberField("throughput", PerformanceReport.round(s.throughputPerMinute));
                break;
            case TOTAL_REQUESTS:
                g.writeNumberField("totalRequests", s.requests.count);
                break;
            case TOTAL_ERRORS:
                g.writeNumberField("totalErrors", s.errors);
                break;
            case MEMORY_USAGE:
                PerformanceReport.writeOptional(g, "memoryUsage", s.memoryUsage);
                break;
            case MEMORY_USED_MB:
                PerformanceReport.writeOptional(g, "memoryUsedMb", s.memoryAvgMb);
                break;
            case MEMORY_PEAK_MB:
                PerformanceReport.writeOptional(g, "memoryPeakMb", s.memoryPeakMb);
                break;
            case CPU_USAGE:
                PerformanceReport.writeOptional(g, "cpuUsage", s.cpuUsage);
                break;
            case CACHE:
                if (s.cacheLookups > 0) {
                    g.writeNumberField("cacheHitRate", PerformanceReport.round(s.cacheHitRate));
                    g.writeNumberField("cacheLookups", s.cacheLookups);
                }
                break;
            default:
                if (s.poolWait != null) {
                    g.writeNumberField("poolWaitTime", PerformanceReport.round(s.poolWait.mean));
                    g.writeNumberField("poolWaitP95", PerformanceReport.round(s.poolWait.p95));
                    g.writeNumberField("poolTimeouts", s.poolTimeouts);
                }
                break;
        }
    }
}

package dev.vitals.agent.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fields and order of a report's {@code metrics} and of its {@code breakdown} rows. */
class PeriodSummaryViewTest {
    private static PeriodFigures.Latency latency(long... micros) {
        return new PeriodFigures.Latency(List.of(SparseHistogram.ofValues(micros)), PeriodFigures.newScratch());
    }

    /** Four 1 ms requests, one an error, over a minute; heap at a quarter of its maximum; no CPU sample. */
    private static PeriodFigures.Summary summary() {
        PeriodFigures.Summary s = new PeriodFigures.Summary();
        s.requests = latency(1_000, 1_000, 1_000, 1_000);
        s.errors = 1;
        s.errorRate = 25.0;
        s.throughputPerMinute = 4.0;
        s.memoryUsage = 25.04;
        s.memoryAvgMb = 128.0;
        s.memoryPeakMb = 300.06;
        return s;
    }

    private static String fields(PeriodFigures.Summary s, PeriodSummaryView.Shape shape) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            PeriodSummaryView.writeFields(g, s, shape);
            g.writeEndObject();
        }
        return out.toString();
    }

    @Test
    void metricsShapeHasEveryFigureAndNullForAResourceWithoutSamples() throws IOException {
        assertEquals("{\"averageResponseTime\":1.0,\"p50\":1.0,\"p95\":1.0,\"p99\":1.0,\"errorRate\":25.0,\"throughput\":4.0,"
                + "\"totalRequests\":4,\"totalErrors\":1,\"memoryUsage\":25.0,\"memoryUsedMb\":128.0,\"memoryPeakMb\":300.1,"
                + "\"cpuUsage\":null}", fields(summary(), PeriodSummaryView.Shape.METRICS));
    }

    @Test
    void metricsShapeAddsCacheAndPoolFiguresOnlyWhenThereWereSome() throws IOException {
        PeriodFigures.Summary s = summary();
        s.cpuUsage = 30.0;
        s.cacheLookups = 40;
        s.cacheHitRate = 87.5;
        s.poolWait = latency(2_000, 4_000);
        s.poolTimeouts = 2;
        assertEquals("{\"averageResponseTime\":1.0,\"p50\":1.0,\"p95\":1.0,\"p99\":1.0,\"errorRate\":25.0,\"throughput\":4.0,"
                + "\"totalRequests\":4,\"totalErrors\":1,\"memoryUsage\":25.0,\"memoryUsedMb\":128.0,\"memoryPeakMb\":300.1,"
                + "\"cpuUsage\":30.0,\"cacheHitRate\":87.5,\"cacheLookups\":40,\"poolWaitTime\":3.0,\"poolWaitP95\":4.0,"
                + "\"poolTimeouts\":2}", fields(s, PeriodSummaryView.Shape.METRICS));
    }

    @Test
    void breakdownShapeIsTheRowsShortList() throws IOException {
        PeriodFigures.Summary s = summary();
        s.cacheLookups = 40;
        s.poolWait = latency(2_000);
        assertEquals("{\"averageResponseTime\":1.0,\"p95\":1.0,\"p99\":1.0,\"errorRate\":25.0,\"throughput\":4.0,"
                + "\"memoryUsage\":25.0,\"cpuUsage\":null}", fields(s, PeriodSummaryView.Shape.BREAKDOWN));
    }
}

package dev.vitals.agent.requests;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.metrics.Snapshot;
import dev.vitals.agent.metrics.Timer;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fields and order of every request's and a tenant's figures; the dashboard, the stream and the endpoints read them. */
class RequestFiguresViewTest {
    /** Ten requests, three of them errors, over a minute's window of which the process has been up 30 s. */
    private static RequestFiguresView figures(long uptimeMillis) {
        return new RequestFiguresView(null, 10, 12.345, 10.05, 40.01, 90.99, 98.76, 3, Map.of("500", 1L, "404", 2L),
                60_000, uptimeMillis);
    }

    private static String object(RequestFiguresView v, RequestFiguresView.Shape shape) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            RequestFiguresView.write(g, v, shape);
        }
        return out.toString();
    }

    @Test
    void windowShapeIsTheDashboardsAndTheRequestEndpointsFigures() throws IOException {
        assertEquals("{\"count\":10,\"avgResponseTime\":12.3,\"p50\":10.1,\"p95\":40.0,\"p99\":91.0,\"errorRate\":30.0,"
                + "\"requestsPerMinute\":20.0,\"timeWindow\":60000}", object(figures(30_000), RequestFiguresView.Shape.WINDOW));
    }

    @Test
    void streamShapeAddsThePerSecondRateTheMaximumAndTheErrorsByStatus() throws IOException {
        assertEquals("{\"timeWindow\":60000,\"count\":10,\"requestsPerMinute\":20.0,\"requestsPerSecond\":0.3,"
                + "\"avgResponseTime\":12.3,\"p50\":10.1,\"p95\":40.0,\"p99\":91.0,\"maxResponseTime\":98.8,\"errors\":3,"
                + "\"errorRate\":30.0,\"errorBreakdown\":{\"404\":2,\"500\":1}}",
                object(figures(30_000), RequestFiguresView.Shape.STREAM));
    }

    @Test
    void ratesDivideByTheWindowOnceTheProcessIsOlderAndByAtLeastASecond() throws IOException {
        assertEquals(60_000, figures(3_600_000).effectiveMillis);
        assertEquals(1_000, figures(200).effectiveMillis);
        assertEquals("{\"count\":10,\"avgResponseTime\":12.3,\"p50\":10.1,\"p95\":40.0,\"p99\":91.0,\"errorRate\":30.0,"
                + "\"requestsPerMinute\":600.0,\"timeWindow\":60000}", object(figures(200), RequestFiguresView.Shape.WINDOW));
    }

    @Test
    void tenantShapeIsOneRowOfTheTenantsEndpoint() throws IOException {
        Histogram h = Timer.newHistogram();
        for (int i = 0; i < 4; i++) {
            h.recordValue(10_000); // 10 ms in microseconds
        }
        RequestFiguresView acme = RequestFiguresView.ofTenant("acme", Snapshot.of(h, 60_000), 1, 60_000, 120_000);
        assertEquals("{\"organizationId\":\"acme\",\"count\":4,\"avgResponseTime\":10.0,\"p95\":10.0,\"errors\":1,"
                + "\"errorRate\":25.0,\"requestsPerMinute\":4.0}", object(acme, RequestFiguresView.Shape.TENANT));
    }

    @Test
    void noRequestsIsNoErrorRate() throws IOException {
        RequestFiguresView none = RequestFiguresView.ofTenant("idle", Snapshot.of(Timer.newHistogram(), 60_000), 0,
                60_000, 120_000);
        assertEquals("{\"organizationId\":\"idle\",\"count\":0,\"avgResponseTime\":0.0,\"p95\":0.0,\"errors\":0,"
                + "\"errorRate\":0.0,\"requestsPerMinute\":0.0}", object(none, RequestFiguresView.Shape.TENANT));
    }
}

package dev.vitals.agent.requests;

import dev.vitals.agent.alerts.JsonTree;
import dev.vitals.exporter.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fields of a slow request in {@code /health/slow} and in the live stream. */
class SlowRequestViewTest {
    private static SlowRequests.Entry entry(String tenant) {
        return new SlowRequests.Entry("GET", "/api/products/{id}", "/api/products/7", 500, "java.io.IOException",
                1234.56, 1_700_000_000_000L, tenant, 2_500_000, 3, 0, 0, 1_000_000_000, 1);
    }

    private static Map<?, ?> write(SlowRequests.Entry e, SlowRequestView.Shape shape) throws Exception {
        return (Map<?, ?>) JsonTree.parse(Json.toBytes(g -> SlowRequestView.write(g, e, shape)));
    }

    @Test
    void apiShapeHasTheTenantAndTheBreakdownObject() throws Exception {
        Map<?, ?> m = write(entry("acme"), SlowRequestView.Shape.API);
        assertEquals(List.of("method", "route", "path", "status", "errorType", "duration", "time", "tenant", "breakdown"),
                new ArrayList<>(m.keySet()));
        assertEquals("/api/products/{id}", m.get("route"));
        assertEquals("/api/products/7", m.get("path"));
        assertEquals(500.0, m.get("status"));
        assertEquals("java.io.IOException", m.get("errorType"));
        assertEquals(1234.6, m.get("duration"));
        assertEquals("2023-11-14T22:13:20Z", m.get("time"));
        assertEquals("acme", m.get("tenant"));
        Map<?, ?> breakdown = (Map<?, ?>) m.get("breakdown");
        assertEquals(List.of("database", "redis", "http"), new ArrayList<>(breakdown.keySet()));
        assertEquals(Map.of("timeMs", 2.5, "count", 3.0), breakdown.get("database"));
        assertEquals(Map.of("timeMs", 0.0, "count", 0.0), breakdown.get("redis"));
        assertEquals(Map.of("timeMs", 1000.0, "count", 1.0), breakdown.get("http"));
    }

    @Test
    void aRequestWithoutTenantShowsNull() throws Exception {
        Map<?, ?> m = write(entry(null), SlowRequestView.Shape.API);
        assertTrue(m.containsKey("tenant"));
        assertEquals(null, m.get("tenant"));
    }

    @Test
    void streamShapeHasTheDownstreamCallsAsFields() throws Exception {
        Map<?, ?> m = write(entry("acme"), SlowRequestView.Shape.STREAM);
        assertEquals(List.of("method", "route", "path", "status", "duration", "time", "database", "redis", "http"),
                new ArrayList<>(m.keySet()));
        assertEquals(((Map<?, ?>) write(entry("acme"), SlowRequestView.Shape.API).get("breakdown")).get("http"),
                m.get("http"));
    }
}

package dev.vitals.agent.web;

import dev.vitals.agent.alerts.JsonTree;
import dev.vitals.exporter.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fields each place that shows a route gets, in order; the endpoints, the dashboard page and reports read them. */
class RouteViewTest {
    private static RouteView route() {
        Map<String, Long> byStatus = new TreeMap<>(Map.of("200", 7L, "404", 2L, "500", 1L));
        return new RouteView("GET", "/api/products/{id}", 10, 12.345, 1.04, 98.76, 10.05, 40.01, 90.99, 3, byStatus,
                Map.of("java.lang.IllegalStateException", 1L), 123.456, 60_000);
    }

    private static Map<?, ?> write(RouteView r, RouteView.Shape shape) throws Exception {
        return (Map<?, ?>) JsonTree.parse(Json.toBytes(g -> RouteView.write(g, r, shape)));
    }

    private static List<Object> keys(Map<?, ?> m) {
        return new ArrayList<>(m.keySet());
    }

    @Test
    void dashboardShapeIsTheShortRow() throws Exception {
        Map<?, ?> m = write(route(), RouteView.Shape.DASHBOARD);
        assertEquals(List.of("method", "path", "count", "avgResponseTime", "errorRate", "p95"), keys(m));
        assertEquals("GET", m.get("method"));
        assertEquals("/api/products/{id}", m.get("path"));
        assertEquals(10.0, m.get("count"));
        assertEquals(12.3, m.get("avgResponseTime"));
        assertEquals(30.0, m.get("errorRate"));
        assertEquals(40.0, m.get("p95"));
    }

    @Test
    void streamShapeHasTheSameFiguresInItsOwnOrder() throws Exception {
        Map<?, ?> m = write(route(), RouteView.Shape.STREAM);
        assertEquals(List.of("method", "path", "count", "avgResponseTime", "p95", "errorRate"), keys(m));
        assertEquals(write(route(), RouteView.Shape.DASHBOARD), m);
    }

    @Test
    void detailShapeHasEveryFigureAndTheStatuses() throws Exception {
        Map<?, ?> m = write(route(), RouteView.Shape.DETAIL);
        assertEquals(List.of("route", "method", "path", "count", "avgResponseTime", "minResponseTime", "maxResponseTime",
                "p50", "p95", "p99", "errors", "errorRate", "requestsPerMinute", "statusBreakdown", "timeWindow"), keys(m));
        assertEquals("GET:/api/products/{id}", m.get("route"));
        assertEquals(1.0, m.get("minResponseTime"));
        assertEquals(98.8, m.get("maxResponseTime"));
        assertEquals(10.1, m.get("p50"));
        assertEquals(91.0, m.get("p99"));
        assertEquals(3.0, m.get("errors"));
        assertEquals(123.5, m.get("requestsPerMinute"));
        assertEquals(Map.of("200", 7.0, "404", 2.0, "500", 1.0), m.get("statusBreakdown"));
        assertEquals(List.of("200", "404", "500"), keys((Map<?, ?>) m.get("statusBreakdown")));
        assertEquals(60_000.0, m.get("timeWindow"));
    }

    @Test
    void aRouteAskedForWithoutRequestsShowsItsNameAndZero() throws Exception {
        Map<?, ?> m = write(RouteView.unseen("POST", "/orders", 30_000), RouteView.Shape.UNSEEN);
        assertEquals(List.of("route", "method", "path", "count", "timeWindow"), keys(m));
        assertEquals("POST:/orders", m.get("route"));
        assertEquals(0.0, m.get("count"));
        assertEquals(30_000.0, m.get("timeWindow"));
    }

    @Test
    void errorsShapeKeepsOnlyErrorStatuses() throws Exception {
        Map<?, ?> m = write(route(), RouteView.Shape.ERRORS);
        assertEquals(List.of("method", "path", "errors", "errorRate", "errorBreakdown", "errorTypes"), keys(m));
        assertEquals(Map.of("404", 2.0, "500", 1.0), m.get("errorBreakdown"));
        assertEquals(Map.of("java.lang.IllegalStateException", 1.0), m.get("errorTypes"));
    }

    @Test
    void reportShapeNamesTheAverageInFull() throws Exception {
        Map<?, ?> m = write(RouteView.ofPeriod("GET", "/a", 4, 2.25, 3.0, 3.96, 1), RouteView.Shape.REPORT);
        assertEquals(List.of("method", "path", "count", "averageResponseTime", "p95", "p99", "errorRate"), keys(m));
        assertEquals(2.3, m.get("averageResponseTime"));
        assertEquals(4.0, m.get("p99"));
        assertEquals(25.0, m.get("errorRate"));
    }

    @Test
    void aRouteWithoutRequestsHasNoErrorRateAndNoNaN() throws Exception {
        Map<?, ?> m = write(RouteView.ofPeriod("GET", "/a", 0, Double.NaN, 0, 0, 0), RouteView.Shape.REPORT);
        assertEquals(0.0, m.get("errorRate"));
        assertEquals(0.0, m.get("averageResponseTime"));
    }

    @Test
    void writeFieldsAddsToTheObjectBeingWritten() throws Exception {
        Map<?, ?> m = (Map<?, ?>) JsonTree.parse(Json.toBytes(g -> {
            g.writeStartObject();
            g.writeStringField("timestamp", "t");
            RouteView.writeFields(g, route(), RouteView.Shape.DETAIL);
            g.writeEndObject();
        }));
        assertEquals("timestamp", keys(m).get(0));
        assertEquals("route", keys(m).get(1));
        assertEquals(16, m.size());
    }
}

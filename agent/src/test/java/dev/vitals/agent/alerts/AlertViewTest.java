package dev.vitals.agent.alerts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.history.AlertRecord;
import dev.vitals.exporter.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fields each place that shows an alert gets; the API, the dashboard and the stream depend on them. */
class AlertViewTest {
    private static Alert alert() {
        Alert a = new Alert("alert-1", "rule-1");
        a.ruleName = "Errors";
        a.metric = "error_rate";
        a.category = "errors";
        a.severity = Severity.CRITICAL;
        a.condition = "greater_than";
        a.threshold = 10;
        a.value = 12.3456;
        a.labels = Map.of("team", "shop");
        a.message = "m";
        a.startsAt = 1_700_000_000_000L;
        a.firedAt = 1_700_000_060_000L;
        a.lastNotifiedAt = 1_700_000_060_000L;
        a.notifications = 1;
        return a;
    }

    private static Map<?, ?> write(AlertView.Shape shape) throws Exception {
        byte[] bytes = Json.toBytes(g -> AlertView.write(g, alert(), shape));
        return (Map<?, ?>) JsonTree.parse(bytes);
    }

    private static List<Object> keys(Map<?, ?> m) {
        return new ArrayList<>(m.keySet());
    }

    @Test
    void fullShapeIsTheApiAndTheHistoryFile() throws Exception {
        Map<?, ?> m = write(AlertView.Shape.FULL);
        assertEquals(List.of("id", "ruleId", "ruleName", "metricType", "type", "severity", "level", "status", "message",
                "condition", "threshold", "current", "labels", "startsAt", "firedAt", "lastNotifiedAt", "notifications"), keys(m));
        assertEquals(12.346, m.get("current"));
        assertEquals("2023-11-14T22:14:20Z", m.get("firedAt"));
    }

    @Test
    void summaryShapeIsHealthAlertsAndTheDashboard() throws Exception {
        Map<?, ?> m = write(AlertView.Shape.SUMMARY);
        assertEquals(List.of("id", "ruleId", "type", "level", "status", "message", "threshold", "current", "since"), keys(m));
        assertEquals(12.3, m.get("current"));
        assertEquals("2023-11-14T22:14:20Z", m.get("since"));
    }

    @Test
    void streamShapeIsWhatTheLivePageReads() throws Exception {
        Map<?, ?> m = write(AlertView.Shape.STREAM);
        assertEquals(List.of("id", "name", "metricType", "severity", "status", "message", "threshold", "current"), keys(m));
        assertEquals("Errors", m.get("name"));
        assertEquals(12.346, m.get("current"));
    }

    private static String text(AlertRecord record) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            record.write(g);
        }
        return out.toString();
    }

    @Test
    void reportShapeIsARowOfFixedColumns() throws Exception {
        assertEquals("{\"id\":\"alert-1\",\"name\":\"Errors\",\"severity\":\"critical\",\"metricType\":\"error_rate\","
                + "\"status\":\"firing\",\"message\":\"m\",\"value\":12.3,\"threshold\":10.0,"
                + "\"triggeredAt\":\"2023-11-14T22:14:20Z\",\"resolvedAt\":null}", text(alert().reportRecord()));
    }

    @Test
    void reportShapeOfAResolvedAlertWithAnUnknownValue() throws Exception {
        Alert a = alert();
        a.status = Alert.RESOLVED;
        a.resolvedAt = 1_700_000_120_000L;
        a.resolvedBy = "auto";
        a.value = Double.NaN;
        a.threshold = 2.25;
        assertEquals("{\"id\":\"alert-1\",\"name\":\"Errors\",\"severity\":\"critical\",\"metricType\":\"error_rate\","
                + "\"status\":\"resolved\",\"message\":\"m\",\"value\":null,\"threshold\":2.3,"
                + "\"triggeredAt\":\"2023-11-14T22:14:20Z\",\"resolvedAt\":\"2023-11-14T22:15:20Z\"}",
                text(a.reportRecord()));
    }

    @Test
    void reportRecordIsASnapshotOfTheAlert() throws Exception {
        Alert a = alert();
        AlertRecord record = a.reportRecord();
        String before = text(record);
        a.status = Alert.RESOLVED;
        a.value = 99;
        a.resolvedAt = 1_700_000_120_000L;
        assertEquals(before, text(record), "the engine changes its alert after the report took it");
    }
}

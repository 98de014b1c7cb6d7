package dev.vitals.agent.alerts;

import dev.vitals.exporter.HttpError;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleParserTest {
    private static final RuleParser.MetricCheck KNOWN = (metric, hasRoute) ->
            metric.equals("response_time") || metric.equals("error_rate") ? null : "unknown metric '" + metric + "'";

    private static AlertRule parse(String json, AlertRule base) {
        return RuleParser.parse(JsonTree.parse(json.getBytes(StandardCharsets.UTF_8)), base, false, "r1", 1000, 1_800_000, KNOWN);
    }

    private static String error(String json) {
        return assertThrows(HttpError.class, () -> parse(json, null)).detail();
    }

    @Test
    void documentedRuleShapeWithDefaults() {
        AlertRule r = parse("{\"name\":\"High Response Time\",\"metricType\":\"response_time\",\"condition\":\"greater_than\","
                + "\"threshold\":1000,\"duration\":300,\"enabled\":true,\"recipients\":[\"admin@codementor-ai.com\"],"
                + "\"cooldownPeriod\":1800}", null);
        assertEquals("r1", r.id);
        assertEquals(Condition.GREATER_THAN, r.condition);
        assertEquals(300_000, r.durationMillis);
        assertEquals(1_800_000, r.cooldownMillis);
        assertEquals(Severity.WARNING, r.severity);
        assertEquals("admin@codementor-ai.com", r.recipients.get(0));
        AlertRule noCooldown = parse("{\"name\":\"x\",\"metricType\":\"error_rate\",\"condition\":\"less_than\",\"threshold\":1.5,"
                + "\"duration\":0.5}", null);
        assertEquals(1_800_000, noCooldown.cooldownMillis, "alerts.cooldown applies");
        assertEquals(500, noCooldown.durationMillis, "fractional seconds");
    }

    @Test
    void partialUpdateKeepsTheOtherFields() {
        AlertRule base = parse("{\"name\":\"x\",\"metricType\":\"error_rate\",\"condition\":\"greater_than\",\"threshold\":5,"
                + "\"duration\":60,\"labels\":{\"team\":\"a\"}}", null);
        AlertRule updated = parse("{\"threshold\":800,\"enabled\":false}", base);
        assertEquals(800, updated.threshold);
        assertFalse(updated.enabled);
        assertEquals(60_000, updated.durationMillis);
        assertEquals("a", updated.labels.get("team"));
        assertEquals(base.createdAt, updated.createdAt);
    }

    @Test
    void everyBadFieldIsNamed() {
        assertTrue(error("{\"name\":\"x\",\"metricType\":\"cpu\",\"condition\":\"greater_than\",\"threshold\":1}")
                .startsWith("metricType: unknown metric 'cpu'"));
        assertTrue(error("{\"name\":\"x\",\"metricType\":\"error_rate\",\"condition\":\"greater_than\",\"threshold\":1,\"duration\":-1}")
                .startsWith("duration: "));
        assertTrue(error("{\"name\":\"x\",\"metricType\":\"error_rate\",\"condition\":\"greater_than\",\"threshold\":1,\"duration\":1e9}")
                .startsWith("duration: "));
        assertTrue(error("{\"name\":\"\",\"metricType\":\"error_rate\",\"condition\":\"greater_than\",\"threshold\":1}")
                .startsWith("name: "));
        assertTrue(error("{\"name\":\"x\",\"metricType\":\"error_rate\",\"condition\":\"gt\",\"threshold\":1}")
                .startsWith("condition: "));
        assertTrue(error("{\"name\":\"x\",\"metricType\":\"error_rate\",\"condition\":\"gt\",\"threshold\":1,\"extra\":1}")
                .startsWith("extra: unknown field"));
        assertTrue(error("{\"name\":\"x\",\"metricType\":\"error_rate\",\"condition\":\"equals\",\"threshold\":\"1\"}")
                .startsWith("threshold: must be a finite number"));
        assertTrue(error("{\"name\":\"x\",\"metricType\":\"error_rate\",\"condition\":\"equals\",\"threshold\":1,"
                + "\"denominator\":{\"metricType\":\"nope\"}}").startsWith("denominator.metricType: unknown metric"));
        assertTrue(error("{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}").startsWith("body: JSON nested deeper"));
        assertTrue(error("{\"name\":1").startsWith("body: "));
        assertTrue(error("{} {}").startsWith("body: unexpected content"));
    }

    @Test
    void conditions() {
        assertTrue(Condition.GREATER_THAN.test(2, 1));
        assertFalse(Condition.GREATER_THAN.test(1, 1));
        assertTrue(Condition.LESS_THAN.test(0.5, 1));
        assertTrue(Condition.EQUALS.test(0.1 + 0.2, 0.3));
        assertFalse(Condition.EQUALS.test(0.31, 0.3));
        for (Condition c : Condition.values()) {
            assertFalse(c.test(Double.NaN, 0), "no data never satisfies " + c);
        }
    }

    @Test
    void aggregations() {
        Aggregator sum = new Aggregator("sum");
        Aggregator avg = new Aggregator("avg");
        Aggregator last = new Aggregator("last");
        for (double v : new double[] {1, 2, Double.NaN, 6}) {
            sum.add(v);
            avg.add(v);
            last.add(v);
        }
        assertEquals(9, sum.result());
        assertEquals(3, avg.result());
        assertEquals(6, last.result());
        assertTrue(Double.isNaN(new Aggregator("max").result()));
        assertEquals(0, new Aggregator("count").result());
    }
}

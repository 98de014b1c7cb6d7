package dev.vitals.agent.alerts;

import dev.vitals.agent.metrics.RegistryMetrics;
import dev.vitals.agent.metrics.MetricRegistry;
import dev.vitals.exporter.HttpError;
import dev.vitals.exporter.Json;
import dev.vitals.exporter.prometheus.MetricsSink;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Custom metrics' names, kinds and restart, on a registry of their own (no agent, no clock). */
class CustomMetricsTest {
    private static final long T0 = 1_700_000_000_000L;

    private final MetricRegistry registry = new MetricRegistry();
    private final RegistryMetrics registryMetrics = new RegistryMetrics(registry);
    private final CustomMetrics custom = new CustomMetrics(registry, registryMetrics);

    private static CustomMetrics.Point point(String type, CustomMetrics.Kind kind, double value, String unit, String... tags) {
        Map<String, String> t = new LinkedHashMap<>();
        for (int i = 0; i < tags.length; i += 2) {
            t.put(tags[i], tags[i + 1]);
        }
        return new CustomMetrics.Point(type, kind, value, unit, t, T0);
    }

    /** Every sample as {@code name{labels} value}, sorted, as Prometheus would see it from both sources. */
    private Map<String, Double> exposed(CustomMetrics c, RegistryMetrics r) {
        Map<String, Double> out = new TreeMap<>();
        MetricsSink sink = new MetricsSink() {
            private String id(String name, String[] names, String[] values) {
                StringBuilder sb = new StringBuilder(name).append('{');
                for (int i = 0; i < names.length; i++) {
                    sb.append(i > 0 ? "," : "").append(names[i]).append('=').append(values[i]);
                }
                return sb.append('}').toString();
            }

            @Override
            public void gauge(String name, String help, String unit, String[] n, String[] v, double value) {
                out.put(id(name, n, v), value);
            }

            @Override
            public void counter(String name, String help, String unit, String[] n, String[] v, double value) {
                out.put(id(name + "_total", n, v), value);
            }

            @Override
            public void histogram(String name, String help, String unit, String[] n, String[] v, double[] bounds,
                                  long[] cumulative, double sum, long count) {
                out.put(id(name + "_count", n, v), (double) count);
                out.put(id(name + "_sum", n, v), sum);
            }

            @Override
            public void info(String name, String help, String[] n, String[] v) {
            }
        };
        c.collect(sink);
        r.collect(sink);
        return out;
    }

    @Test
    void namesAreSnakeCasePrefixedAndFreeOfUnitWordsAndReservedSuffixes() {
        assertEquals("orders_placed", CustomMetrics.key("orders.placed"));
        assertEquals("queue_depth", CustomMetrics.key("queueDepth"));
        assertEquals("vitals_custom_response_time_seconds", CustomMetrics.exposedName("response_time", true));
        assertEquals("vitals_custom_latency_seconds", CustomMetrics.exposedName("latency_ms", true));
        assertEquals("vitals_custom_jobs", CustomMetrics.exposedName("jobs_total", false));
        assertEquals("vitals_custom_value", CustomMetrics.exposedName("count", false));
        assertEquals("user_id", CustomMetrics.labelName("userId"));
        assertEquals("tag_le", CustomMetrics.labelName("le"));
        assertEquals(1.0, CustomMetrics.msPerUnit("", "latency_ms"), "a unit word in the name is the unit");
        assertEquals(0.0, CustomMetrics.msPerUnit("count", "project_created"));
    }

    @Test
    void theDocumentedBodyWithABuiltInNameIsAGaugeInSecondsUnderItsOwnName() {
        custom.record(point("response_time", null, 250, "ms", "endpoint", "/api/projects", "method", "GET"), "");
        Map<String, Double> samples = exposed(custom, registryMetrics);
        assertEquals(0.25, samples.get("vitals_custom_response_time_seconds{endpoint=/api/projects,method=GET}"), samples.toString());
        assertTrue(custom.has("custom:response_time"));
        assertEquals(250, custom.aggregate("custom:response_time", Map.of(), "last", T0 - 1), "rules see the value as posted");
    }

    @Test
    void countersAddIncrementsAndHistogramsObserve() {
        custom.record(point("orders.placed", CustomMetrics.Kind.COUNTER, 2, "count", "region", "eu"), "");
        custom.record(point("orders.placed", CustomMetrics.Kind.COUNTER, 3, "", "region", "eu"), "");
        custom.record(point("payload", CustomMetrics.Kind.HISTOGRAM, 4096, "bytes"), "");
        custom.record(point("payload", CustomMetrics.Kind.HISTOGRAM, 1024, "bytes"), "");
        registry.rotateAll(T0);
        Map<String, Double> samples = exposed(custom, registryMetrics);
        assertEquals(5.0, samples.get("vitals_custom_orders_placed_total{region=eu}"), samples.toString());
        assertEquals(2.0, samples.get("vitals_custom_payload_count{}"), samples.toString());
        assertEquals(5120, samples.get("vitals_custom_payload_sum{}"), 5120 * 0.01, "in the posted unit, not seconds");
    }

    @Test
    void aMetricKeepsItsKindUnitAndTagNames() {
        custom.record(point("depth", null, 1, "", "queue", "a"), "");
        HttpError kind = assertThrows(HttpError.class, () -> custom.record(point("depth", CustomMetrics.Kind.COUNTER, 1, ""), ""));
        assertTrue(kind.detail().startsWith("kind: 'depth' is a gauge"), kind.detail());
        HttpError tag = assertThrows(HttpError.class, () -> custom.record(point("depth", null, 1, "", "other", "x"), "[2]."));
        assertTrue(tag.detail().startsWith("[2].tags.other:"), tag.detail());
        HttpError counter = assertThrows(HttpError.class,
                () -> custom.record(point("jobs", CustomMetrics.Kind.COUNTER, 1.5, ""), ""));
        assertTrue(counter.detail().startsWith("value: a counter's value is a whole increment"), counter.detail());
    }

    @Test
    void seriesBeyondTheCapGoToOther() {
        for (int i = 0; i < CustomMetrics.MAX_SERIES + 20; i++) {
            custom.record(point("signups", CustomMetrics.Kind.COUNTER, 1, "", "user", "u" + i), "");
        }
        Map<String, Double> samples = exposed(custom, registryMetrics);
        assertEquals(CustomMetrics.MAX_SERIES + 1, samples.size(), "the cap plus one _other series");
        assertEquals(20.0, samples.get("vitals_custom_signups_total{user=_other}"));
    }

    @Test
    void everyKindSurvivesARestartAndRestoredCountsAreNotNewIncreases() throws Exception {
        custom.record(point("orders", CustomMetrics.Kind.COUNTER, 7, "", "region", "eu"), "");
        custom.record(point("queue", null, 12, ""), "");
        custom.record(point("checkout", CustomMetrics.Kind.HISTOGRAM, 120, "ms"), "");
        custom.record(point("checkout", CustomMetrics.Kind.HISTOGRAM, 80, "ms"), "");
        registry.rotateAll(T0);
        assertTrue(custom.changed());
        byte[] stored = Json.toBytes(custom::write);
        assertFalse(custom.changed());

        MetricRegistry after = new MetricRegistry();
        RegistryMetrics afterMetrics = new RegistryMetrics(after);
        CustomMetrics restored = new CustomMetrics(after, afterMetrics);
        assertEquals(0, restored.restore(JsonTree.parse(stored)).size());
        after.rotateAll(T0 + 5_000);
        Map<String, Double> samples = exposed(restored, afterMetrics);
        assertEquals(7.0, samples.get("vitals_custom_orders_total{region=eu}"), samples.toString());
        assertEquals(12.0, samples.get("vitals_custom_queue{}"));
        assertEquals(2.0, samples.get("vitals_custom_checkout_seconds_count{}"));
        assertEquals(0.2, samples.get("vitals_custom_checkout_seconds_sum{}"), 0.002);
        assertEquals(7, after.counterFamilies().get(0).get("eu").restored(), "history counts from the restored total");
        assertTrue(restored.has("orders"));
        assertTrue(Double.isNaN(restored.aggregate("orders", Map.of(), "sum", 0)), "recent points are not kept");
        restored.record(point("orders", CustomMetrics.Kind.COUNTER, 1, "", "region", "eu"), "");
        assertEquals(8.0, exposed(restored, afterMetrics).get("vitals_custom_orders_total{region=eu}"));
    }
}

package dev.vitals.agent.alerts;

import dev.vitals.agent.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default rules: every subject exists, and the database, cache and breaker rules fire as documented. */
class DefaultRulesTest {
    private static final long T0 = 1_700_000_000_000L;

    private final Map<String, AlertRule> rules = new HashMap<>();
    private final Evaluator evaluator = new Evaluator(100, false, 60_000, Evaluator.randomIds());
    private final List<Evaluator.Transition> out = new ArrayList<>();

    DefaultRulesTest() {
        for (AlertRule r : DefaultRules.build(ConfigLoader.load(null, new HashMap<>(), new Properties()), T0)) {
            rules.put(r.id, r);
        }
    }

    private List<String> at(String ruleId, double seconds, double value) {
        out.clear();
        evaluator.observe(rules.get(ruleId), value, T0 + (long) (seconds * 1000), out);
        List<String> kinds = new ArrayList<>();
        out.forEach(t -> kinds.add(t.kind.name()));
        return kinds;
    }

    @Test
    void everyDefaultNamesASubjectThatExists() {
        for (AlertRule r : rules.values()) {
            assertTrue(Subjects.isBuiltIn(r.metric) || Subjects.known(r.metric), r.id + ": " + r.metric);
            assertTrue(r.denominator == null || Subjects.known(r.denominator), r.id + ": " + r.denominator);
            assertTrue(r.aggregation == null || RuleParser.AGGREGATIONS.contains(r.aggregation), r.id);
        }
        for (String id : List.of("default-pool-exhausted", "default-pool-waiting", "default-pool-wait-time",
                "default-slow-queries", "default-low-cache-hit-rate", "default-circuit-breaker-open")) {
            assertNotNull(rules.get(id), id);
        }
    }

    @Test
    void thresholdsMirrorThePrometheusRules() {
        assertEquals(5, rules.get("default-pool-waiting").threshold);
        assertEquals(120_000, rules.get("default-pool-waiting").durationMillis);
        assertEquals(0.8, rules.get("default-low-cache-hit-rate").threshold);
        assertEquals(Condition.LESS_THAN, rules.get("default-low-cache-hit-rate").condition);
        assertEquals(900_000, rules.get("default-low-cache-hit-rate").durationMillis);
        assertEquals(Map.of("state", "open"), rules.get("default-circuit-breaker-open").matchers);
        assertEquals(60_000, rules.get("default-circuit-breaker-open").durationMillis);
        assertEquals(Severity.CRITICAL, rules.get("default-circuit-breaker-open").severity);
    }

    @Test
    void aPoolTimeoutFiresAtOnceAndAQuietPoolResolves() {
        assertEquals(List.of(), at("default-pool-exhausted", 0, Double.NaN), "no rate before the second sample");
        assertEquals(List.of(), at("default-pool-exhausted", 15, 0));
        assertEquals(List.of("FIRING"), at("default-pool-exhausted", 30, 0.2));
        assertEquals("resources", evaluator.active().get(0).category);
        assertEquals(List.of("RESOLVED"), at("default-pool-exhausted", 45, 0));
    }

    @Test
    void aLowHitRateFiresAfterFifteenMinutesAndNoLookupsChangeNothing() {
        assertEquals(List.of(), at("default-low-cache-hit-rate", 0, 0.5));
        assertEquals(List.of(), at("default-low-cache-hit-rate", 600, Double.NaN), "no lookups: no data");
        assertEquals(List.of(), at("default-low-cache-hit-rate", 899, 0.6));
        assertEquals(List.of("FIRING"), at("default-low-cache-hit-rate", 900, 0.6));
        assertEquals(List.of(), at("default-low-cache-hit-rate", 1000, 0.9), "clear, for its duration before resolving");
    }

    @Test
    void anOpenBreakerFiresAfterAMinute() {
        assertEquals(List.of(), at("default-circuit-breaker-open", 0, 1));
        assertEquals(List.of("FIRING"), at("default-circuit-breaker-open", 60, 1));
        assertEquals("availability", evaluator.active().get(0).category);
    }
}

package dev.vitals.agent.alerts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertStoreTest {
    @TempDir
    Path dir;

    private static AlertRule rule(String id) {
        return RuleParser.parse(JsonTree.parse(("{\"name\":\"n " + id + "\",\"metricType\":\"error_rate\",\"condition\":\"greater_than\","
                + "\"threshold\":5,\"labels\":{\"team\":\"t\"}}").getBytes(StandardCharsets.UTF_8)), null, false, id, 1, 0, (m, r) -> null);
    }

    @Test
    void rulesAndHistoryRoundTrip() throws Exception {
        AlertStore store = new AlertStore(dir);
        store.saveRules(List.of(rule("a"), rule("b")), List.of("default-high-error-rate"));
        Alert alert = new Alert("alert-1", "a");
        alert.ruleName = "n a";
        alert.metric = "error_rate";
        alert.category = "errors";
        alert.severity = Severity.CRITICAL;
        alert.condition = "greater_than";
        alert.threshold = 5;
        alert.value = 7.5;
        alert.labels = Collections.singletonMap("team", "t");
        alert.message = "m";
        alert.startsAt = 1_700_000_000_000L;
        alert.firedAt = 1_700_000_001_000L;
        alert.status = Alert.ACKNOWLEDGED;
        store.saveHistory(List.of(alert));

        AlertStore again = new AlertStore(dir);
        AlertStore.StoredRules rules = again.loadRules();
        assertEquals(2, rules.rules.size());
        assertEquals("t", rules.rules.get(0).labels.get("team"));
        assertTrue(rules.deletedDefaults.contains("default-high-error-rate"));
        Alert read = again.loadHistory().get(0);
        assertEquals("alert-1", read.id);
        assertEquals(Alert.ACKNOWLEDGED, read.status);
        assertEquals(7.5, read.value);
        assertEquals(1_700_000_001_000L, read.firedAt);
    }

    @Test
    void aCorruptFileFallsBackToThePreviousGoodCopy() throws Exception {
        AlertStore store = new AlertStore(dir);
        store.saveRules(List.of(rule("kept")), List.of());
        Files.write(dir.resolve("rules.json"), "{\"rules\":[{".getBytes(StandardCharsets.UTF_8));
        assertEquals("kept", new AlertStore(dir).loadRules().rules.get(0).id);
        Files.write(dir.resolve("rules.json.prev"), "garbage".getBytes(StandardCharsets.UTF_8));
        assertTrue(new AlertStore(dir).loadRules().rules.isEmpty(), "both bad: start empty, never throw");
    }
}

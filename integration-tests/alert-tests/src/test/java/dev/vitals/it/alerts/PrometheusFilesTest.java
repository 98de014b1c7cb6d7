package dev.vitals.it.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitals.it.Command;
import dev.vitals.it.Services;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The files shipped under deploy/: the Prometheus alerting rules pass {@code promtool check rules} and their
 * unit tests ({@code promtool test rules}), the Alertmanager route passes {@code amtool check-config}, and the
 * Grafana dashboard has its required fields, a {@code datasource} template variable instead of
 * {@code ${DS_...}} inputs, the required panels (cache expirations filtered as cache evictions), and PromQL that
 * promtool accepts.
 */
class PrometheusFilesTest {
    static final Path DEPLOY = Paths.get(System.getProperty("vitals.deploy.dir", "../../deploy")).toAbsolutePath().normalize();

    @Test
    void alertingRulesPassPromtoolCheckAndTheirUnitTests() throws Exception {
        Path promtool = Services.requireExecutable("promtool");
        Path rules = DEPLOY.resolve("prometheus/vitals-alerts.yml");
        String text = Files.readString(rules);
        long declared = text.lines().map(String::trim).filter(l -> l.startsWith("- alert:") || l.startsWith("- record:")).count();
        String check = Command.run(rules.getParent(), promtool.toString(), "check", "rules", rules.toString());
        assertTrue(declared >= 21, "rules declared: " + declared);
        assertTrue(check.contains("SUCCESS: " + declared + " rules found"), check);
        String test = Command.run(rules.getParent(), promtool.toString(), "test", "rules", "vitals-alerts.test.yml");
        assertTrue(test.contains("SUCCESS"), test);
        for (String alert : List.of("VitalsHighResponseTime", "VitalsCriticalResponseTime", "VitalsHighErrorRate",
                "VitalsCriticalErrorRate", "VitalsHighMemoryUsed", "VitalsCriticalMemoryUsed", "VitalsMultipleServicesDown",
                "VitalsPrimaryDatabaseUnreachable", "VitalsConnectionPoolWaiting", "VitalsConnectionPoolExhausted",
                "VitalsSlowConnectionAcquisition", "VitalsSlowQueries", "VitalsLowCacheHitRate", "VitalsCircuitBreakerOpen",
                "VitalsLowLocalCacheHitRate")) {
            assertTrue(text.contains("alert: " + alert), alert);
        }
    }

    @Test
    void alertmanagerExampleRoutePassesAmtool() throws Exception {
        Path amtool = Services.requireExecutable("amtool");
        Path config = DEPLOY.resolve("alertmanager/alertmanager.yml");
        String out = Command.run(config.getParent(), amtool.toString(), "check-config", config.toString());
        assertTrue(out.contains("SUCCESS"), out);
    }

    @Test
    void grafanaDashboardHasItsFieldsDatasourceVariableAndValidQueries() throws Exception {
        Path file = DEPLOY.resolve("grafana/vitals-dashboard.json");
        String text = Files.readString(file);
        assertFalse(text.contains("${DS_"), "uses ${DS_...} inputs");
        JsonNode d = new ObjectMapper().readTree(text);
        assertFalse(d.has("__inputs"), "__inputs");
        for (String field : List.of("title", "uid", "schemaVersion", "panels", "templating", "time")) {
            assertTrue(d.has(field), "missing " + field);
        }
        JsonNode ds = null;
        for (JsonNode v : d.path("templating").path("list")) {
            if (v.path("name").asText().equals("datasource")) {
                ds = v;
            }
        }
        assertTrue(ds != null && ds.path("type").asText().equals("datasource") && ds.path("query").asText().equals("prometheus"),
                "a datasource variable of type datasource for prometheus");
        List<String> titles = new ArrayList<>();
        List<String> exprs = new ArrayList<>();
        for (JsonNode p : d.path("panels")) {
            titles.add(p.path("title").asText());
            assertEquals("${datasource}", p.path("datasource").path("uid").asText(), p.path("title").asText());
            assertTrue(p.has("gridPos") && p.has("type") && p.path("targets").size() > 0, p.path("title").asText());
            for (JsonNode t : p.path("targets")) {
                exprs.add(t.path("expr").asText());
            }
        }
        assertTrue(titles.containsAll(List.of("Latency percentiles", "Throughput", "Error rate", "Database pool",
                "Cache hit rate", "Circuit breakers", "Memory", "Health checks", "Cache hit rate by tier",
                "In-process cache hit rate", "In-process cache evictions and size", "In-process cache expirations")),
                titles.toString());
        String evictions = panelExpr(d, "In-process cache evictions and size");
        String expirations = panelExpr(d, "In-process cache expirations");
        assertTrue(expirations.contains("cache_expirations_total{"), expirations);
        assertEquals(evictions.replace("cache_evictions_total", "cache_expirations_total"), expirations,
                "expirations with the evictions panel's label filters and grouping");

        // promtool has no offline query check, so each panel query becomes a recording rule for `check rules`.
        Path promtool = Services.requireExecutable("promtool");
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < exprs.size(); i++) {
            String expr = exprs.get(i).replace("$__rate_interval", "5m").replace("$job", ".*").replace("$instance", ".*");
            rules.append("      - record: dashboard:panel_").append(i).append("\n        expr: '")
                    .append(expr.replace("'", "''")).append("'\n");
        }
        Path tmp = Files.createTempFile("dashboard-rules", ".yml");
        Files.writeString(tmp, rules.toString());
        String out = Command.run(tmp.getParent(), promtool.toString(), "check", "rules", tmp.toString());
        assertTrue(out.contains("SUCCESS: " + exprs.size() + " rules found"), out + "\n" + rules);
    }

    /** The first query of the dashboard panel titled {@code title}. */
    private static String panelExpr(JsonNode dashboard, String title) {
        for (JsonNode p : dashboard.path("panels")) {
            if (title.equals(p.path("title").asText())) {
                return p.path("targets").path(0).path("expr").asText();
            }
        }
        throw new AssertionError("no panel " + title);
    }
}

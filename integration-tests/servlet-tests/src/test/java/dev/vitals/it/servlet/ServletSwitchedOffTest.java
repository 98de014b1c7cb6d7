package dev.vitals.it.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Switching the servlet module off removes its advice, never the request feature's endpoints: the dashboard and the
 * budget still answer, and count nothing because nothing is recorded.
 */
class ServletSwitchedOffTest {
    @Test
    void dashboardAndBudgetStayWithoutServletAdvice() throws Exception {
        try (ChildApp child = ChildApp.start(App.TOMCAT_9, "instrumentation.servlet.enabled=false")) {
            for (int i = 1; i <= 5; i++) {
                assertEquals(200, child.app("/api/products/" + i).statusCode());
            }
            assertEquals("5", child.app("/served").body(), "the application served the requests");

            JsonNode dashboard = child.agentJson("/health/dashboard");
            assertFalse(dashboard.path("service").asText().isEmpty(), dashboard.toString());
            JsonNode requests = dashboard.path("requests");
            for (String zero : new String[] {"count", "avgResponseTime", "p50", "p95", "p99", "errorRate", "requestsPerMinute"}) {
                assertTrue(requests.has(zero), zero + " in " + dashboard);
                assertEquals(0, requests.path(zero).asDouble(), zero + ": nothing recorded, " + dashboard);
            }
            assertTrue(requests.path("timeWindow").asLong() > 0, dashboard.toString());
            assertTrue(dashboard.path("system").path("currentMemoryUsage").asDouble() > 0, "the heap is sampled: " + dashboard);
            assertTrue(dashboard.path("routes").isArray(), dashboard.toString());
            assertEquals(0, dashboard.path("routes").size(), dashboard.toString());
            assertTrue(dashboard.path("dependencies").isObject() && dashboard.path("alerts").isArray(), dashboard.toString());

            HttpResponse<String> budgetResponse = child.agent("/health/budget");
            assertEquals(200, budgetResponse.statusCode(), budgetResponse.body());
            JsonNode budget = ChildApp.JSON.readTree(budgetResponse.body());
            assertTrue(budget.path("performanceBudget").path("maxResponseTime").asDouble() > 0, budget.toString());
            JsonNode current = budget.path("current");
            assertEquals(0, current.path("responseTimeP95").asDouble(), budget.toString());
            assertEquals(0, current.path("errorRate").asDouble(), budget.toString());
            assertTrue(current.path("memoryUsage").asDouble() > 0, "the heap in use: " + budget);
            assertTrue(budget.path("validation").path("withinBudget").isBoolean(), budget.toString());

            String metrics = child.agent("/metrics").body();
            assertFalse(metrics.contains("http_server_request_duration_seconds_count{"),
                    "no servlet advice, no request series:\n" + metrics);
            assertTrue(child.output().contains("instrumentation servlet is disabled"), child.output());
        }
    }
}

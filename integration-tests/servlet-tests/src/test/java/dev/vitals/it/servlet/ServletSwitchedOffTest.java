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
            assertEquals(0, dashboard.path("requests").path("count").asLong(), dashboard.toString());
            assertTrue(dashboard.path("routes").isArray(), dashboard.toString());

            HttpResponse<String> budget = child.agent("/health/budget");
            assertEquals(200, budget.statusCode(), budget.body());
            assertTrue(ChildApp.JSON.readTree(budget.body()).isObject(), budget.body());

            String metrics = child.agent("/metrics").body();
            assertFalse(metrics.contains("http_server_request_duration_seconds_count{"),
                    "no servlet advice, no request series:\n" + metrics);
            assertTrue(child.output().contains("instrumentation servlet is disabled"), child.output());
        }
    }
}

package dev.vitals.it.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Await;
import dev.vitals.it.HttpResult;
import dev.vitals.it.Jars;
import dev.vitals.it.Services;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard page in a real browser (Debian's chromium, headless) against the real agent attached to the
 * demo shop with its traffic generator on: the page connects to the stream, shows the health state the agent
 * reports, renders live numbers and uPlot charts with data, and reconnects by itself when the socket drops.
 * Screenshots go to {@code target/screenshots}.
 */
class DashboardBrowserTest {
    private static AgentProcess shop;
    private static Chromium browser;

    @BeforeAll
    static void start() throws Exception {
        Path chromium = Services.requireExecutable("chromium");
        shop = AgentProcess.jar(Jars.demoShop()).name("dashboard-shop")
                .agentArg("service.name", "demo-shop")
                .agentArg("history.interval", "5s")
                .agentArg("alerts.interval", "1s")
                .args("--port=0", "--redis=off", "--traffic", "--traffic-rate=20")
                .start();
        shop.awaitOutput(StreamTest.SHOP_LISTENING, Duration.ofSeconds(60));
        browser = Chromium.launch(chromium, AgentProcess.tempDir("chromium-"), 1400, 1600);
    }

    private static void openShopDashboard() throws Exception {
        String url = "http://127.0.0.1:" + shop.agentPort() + "/";
        if (!url.equals(browser.eval("location.href").asText())) {
            browser.navigate(url);
        }
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (shop != null) {
            shop.close();
        }
    }

    @Test
    void pageShowsTheLiveStream() throws Exception {
        openShopDashboard();
        browser.await("document.getElementById('conn').getAttribute('data-state')", v -> "live".equals(v.asText()),
                Duration.ofSeconds(30), "the page's stream connection");

        // Live numbers from the traffic generator, through the stream (the agent's window slice is 5 s).
        JsonNode rate = browser.await("document.getElementById('req-rate').textContent",
                v -> number(v.asText()) > 0, Duration.ofSeconds(60), "request rate from the stream");
        assertTrue(number(rate.asText()) > 0);
        browser.await("document.getElementById('lat-p95').textContent", v -> v.asText().endsWith(" ms")
                && number(v.asText()) > 0, Duration.ofSeconds(30), "p95 latency");
        assertTrue(browser.eval("document.getElementById('err-rate').textContent").asText().endsWith(" %"));
        assertEquals("demo-shop", browser.eval("document.getElementById('service').textContent").asText());
        assertTrue(browser.eval("document.getElementById('heap-used').textContent").asText().endsWith(" MB"));
        assertTrue(browser.eval("document.querySelectorAll('#routes tbody tr').length").asInt() > 0, "slowest routes");

        // The health panel shows the agent's real state, check by check.
        HttpResult health = shop.get("/health");
        String status = health.json().path("status").asText();
        browser.await("document.getElementById('health-status').textContent", v -> status.equals(v.asText()),
                Duration.ofSeconds(30), "overall health as /health says");
        assertEquals("healthy", browser.eval(
                "document.querySelector('#health-checks li[data-check=system]').getAttribute('data-status')").asText());
        assertEquals("none", browser.eval("document.getElementById('alerts').textContent").asText(),
                "no alert is active, and the alert panel says so");

        // The charts are uPlot's, drawn with data from the stream, and they keep moving.
        assertEquals(4, browser.eval("document.querySelectorAll('.uplot canvas').length").asInt(), "four charts");
        browser.await("vitals.charts.latency.data[0].length", v -> v.asInt() >= 5, Duration.ofSeconds(30),
                "points on the latency chart");
        assertTrue(browser.eval("vitals.charts.latency.data[2].some(function (v) { return v > 0; })").asBoolean(),
                "p95 series has data");
        assertTrue(browser.eval("vitals.charts.rate.data[1].some(function (v) { return v > 0; })").asBoolean(),
                "rate series has data");
        String updated = browser.eval("document.getElementById('updated').textContent").asText();
        browser.await("document.getElementById('updated').textContent", v -> !updated.equals(v.asText()),
                Duration.ofSeconds(30), "the page keeps updating");
        save("dashboard.png");
    }

    @Test
    void cachePanelShowsTheTiersSideBySide() throws Exception {
        openShopDashboard();
        browser.await("document.querySelectorAll('#cache-tiers tbody tr').length", v -> v.asInt() == 3,
                Duration.ofSeconds(30), "the cache panel's tier rows");
        assertEquals("L1 in-process,L2 Redis,overall", browser.eval("Array.from(document.querySelectorAll("
                + "'#cache-tiers tbody tr td:first-child')).map(function (td) { return td.textContent; }).join(',')").asText());
        JsonNode tiers = shop.get("/health/cache").json().path("tiers");
        assertEquals(tiers.path("l1").path("caches").asInt() + " caches", browser.eval(
                "document.querySelector('#cache-tiers tbody tr td:last-child').textContent").asText());
    }

    /** The shop's real JDBC traffic: the panel lists the statements that cost the most, as the statements endpoint does. */
    @Test
    void statementsPanelShowsTheTopStatementsByTotalTime() throws Exception {
        openShopDashboard();
        browser.await("document.querySelectorAll('#statements tbody tr').length", v -> v.asInt() > 0,
                Duration.ofSeconds(60), "rows in the top statements panel");
        assertEquals(false, browser.eval("document.getElementById('sec-statements').hidden").asBoolean());
        // Statements are only ever added, so those the page got are all still listed afterwards.
        JsonNode shown = browser.eval("vitals.state.statements");
        JsonNode all = shop.get("/health/database/statements?limit=1000").json();
        assertTrue(shown.size() <= 10, "at most ten: " + shown);
        assertTrue(shown.size() == Math.min(10, all.path("statements").asInt()) || all.path("statements").asInt() < 10,
                "ten when there are ten or more: " + all);
        java.util.Set<String> known = new java.util.HashSet<>();
        all.path("top").forEach(s -> known.add(s.path("source").asText() + "|" + s.path("query").asText()));
        double previous = Double.MAX_VALUE;
        for (JsonNode s : shown) {
            assertTrue(known.contains(s.path("source").asText() + "|" + s.path("query").asText()),
                    "a statement the agent recorded: " + s + " in " + all);
            assertTrue(s.path("calls").asLong() > 0, s.toString());
            assertTrue(s.path("total").asDouble() <= previous, "by total time, most first: " + shown);
            previous = s.path("total").asDouble();
        }
        // The table shows what the page holds, a row each, statement text first.
        assertEquals(shown.get(0).path("query").asText(),
                browser.eval("document.querySelector('#statements tbody tr td').textContent").asText());
        assertEquals(shown.size(), browser.eval("document.querySelectorAll('#statements tbody tr').length").asInt());
        save("dashboard-statements.png");
    }

    @Test
    void pageStartsWithTheLastHourFromHistory() throws Exception {
        Await.until("history to roll up at least one interval", Duration.ofSeconds(60),
                () -> shop.get("/health/dashboard").json().path("history").path("points").size() > 0);
        browser.navigate("http://127.0.0.1:" + shop.agentPort() + "/");
        browser.await("vitals.state.historyPoints || 0", v -> v.asInt() > 0, Duration.ofSeconds(30),
                "the charts seeded from /health/dashboard's history");
        assertTrue(browser.eval("vitals.charts.latency.data[0].length").asInt()
                >= browser.eval("vitals.state.historyPoints").asInt(), "history points are on the latency chart");
        assertTrue(browser.eval("document.getElementById('history').textContent").asText().contains("history"));
    }

    @Test
    void anAlertIsPushedToThePageAndAcknowledgedFromIt() throws Exception {
        openShopDashboard();
        browser.await("document.getElementById('conn').getAttribute('data-state')", v -> "live".equals(v.asText()),
                Duration.ofSeconds(30), "the page's stream connection");
        HttpResult created = shop.post("/alerts/rules", "{\"name\":\"Traffic seen\",\"metricType\":\"requests_per_minute\","
                + "\"condition\":\"greater_than\",\"threshold\":0,\"duration\":0,\"cooldownPeriod\":60,"
                + "\"severity\":\"warning\",\"enabled\":true}", Map.of("Content-Type", "application/json"));
        assertEquals(201, created.status(), created.toString());
        String ruleId = created.json().path("id").asText();
        try {
            // Fired by the engine and pushed over the stream as an "alert" message.
            browser.await("document.querySelectorAll('#alerts li[data-alert]').length", v -> v.asInt() == 1,
                    Duration.ofSeconds(30), "the firing alert on the page");
            assertEquals("Traffic seen", browser.eval("document.querySelector('#alerts li[data-alert] strong').textContent").asText());
            browser.eval("document.querySelector('#alerts li[data-alert] button.ack').click(), 'clicked'");
            browser.await("document.querySelector('#alerts li[data-alert] .alert-state').textContent",
                    v -> "acknowledged".equals(v.asText()), Duration.ofSeconds(30), "the page shows it acknowledged");
            JsonNode active = shop.get("/alerts/active").json().path("alerts");
            assertEquals(1, active.size(), active.toString());
            assertEquals("acknowledged", active.get(0).path("status").asText(), "the agent has it acknowledged: " + active);
        } finally {
            shop.send("DELETE", "/alerts/rules/" + ruleId, "", Map.of());
        }
        // Deleting the rule resolves its alert; the resolution is pushed and the page clears it.
        browser.await("document.querySelectorAll('#alerts li[data-alert]').length", v -> v.asInt() == 0,
                Duration.ofSeconds(30), "the resolved alert leaves the page");
    }

    @Test
    void pageReconnectsWhenTheSocketDrops() throws Exception {
        openShopDashboard();
        browser.await("document.getElementById('conn').getAttribute('data-state')", v -> "live".equals(v.asText()),
                Duration.ofSeconds(30), "the page's stream connection");
        int before = browser.eval("vitals.state.messages").asInt();
        browser.eval("vitals.state.ws.close(), 'closed'");
        browser.await("document.getElementById('conn').getAttribute('data-state')",
                v -> "reconnecting".equals(v.asText()), Duration.ofSeconds(10), "the page notices the drop");
        browser.await("document.getElementById('conn').getAttribute('data-state')", v -> "live".equals(v.asText()),
                Duration.ofSeconds(30), "the page reconnects by itself");
        browser.await("vitals.state.messages", v -> v.asInt() > before + 1, Duration.ofSeconds(30),
                "messages flow again after reconnecting");
        save("dashboard-reconnected.png");
    }

    @Test
    void withAnAuthTokenThePageNeedsIt() throws Exception {
        try (AgentProcess app = AgentProcess.main(IdleApp.class).name("dashboard-token")
                .agentArg("auth.token", "page-t0ken").start()) {
            String base = "http://127.0.0.1:" + app.agentPort() + "/";
            browser.navigate(base + "?token=page-t0ken");
            browser.await("document.getElementById('conn').getAttribute('data-state')", v -> "live".equals(v.asText()),
                    Duration.ofSeconds(30), "the page connects with the token from its URL");
            browser.await("document.getElementById('health-status').textContent", v -> "healthy".equals(v.asText()),
                    Duration.ofSeconds(30), "health through the protected stream");

            browser.navigate(base);
            browser.await("document.getElementById('conn').getAttribute('data-state')",
                    v -> "unauthorized".equals(v.asText()), Duration.ofSeconds(30), "without the token the page says so");
            assertEquals("\u2013", browser.eval("document.getElementById('health-status').textContent").asText(),
                    "nothing is shown without the token");
            save("dashboard-unauthorized.png");
        }
    }

    private static double number(String text) {
        String digits = text.replaceAll("[^0-9.]", "");
        return digits.isEmpty() ? -1 : Double.parseDouble(digits);
    }

    private static void save(String name) throws Exception {
        Path dir = Paths.get(System.getProperty("vitals.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), browser.screenshot());
    }
}

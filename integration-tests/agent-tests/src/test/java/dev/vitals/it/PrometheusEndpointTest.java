package dev.vitals.it;

import example.SleeperApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prometheus text 0.0.4 that promtool accepts, OpenMetrics on request, gzip on request. */
class PrometheusEndpointTest {
    private static final String VERSION = System.getProperty("vitals.version", "0.1.0-SNAPSHOT");
    private static AgentProcess agent;

    @BeforeAll
    static void startAgent() {
        agent = AgentProcess.main(SleeperApp.class).start();
        agent.agentPort();
    }

    @AfterAll
    static void stopAgent() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void textFormatHasJvmProcessAndBuildMetrics() {
        HttpResult r = agent.get("/metrics");
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.contentType().startsWith("text/plain") && r.contentType().contains("version=0.0.4"), r.contentType());
        String body = r.body();
        assertMatches(body, "(?m)^# TYPE jvm_memory_used_bytes gauge$");
        assertMatches(body, "(?m)^jvm_memory_used_bytes\\{[^}]*jvm_memory_type=\"heap\"[^}]*} \\S+$");
        assertMatches(body, "(?m)^# TYPE process_cpu_seconds_total counter$");
        assertMatches(body, "(?m)^process_cpu_seconds_total(\\{[^}]*})? \\S+$");
        assertMatches(body, "(?m)^vitals_build_info\\{[^}]*version=\"" + Pattern.quote(VERSION) + "\"[^}]*} 1(\\.0)?$");
    }

    @Test
    void promtoolFindsNothing() throws IOException, InterruptedException {
        Path promtool = Services.requireExecutable("promtool");
        byte[] metrics = agent.get("/metrics").bytes();
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(metrics);
        }
        String findings = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, p.exitValue(), "promtool check metrics:\n" + findings);
        assertEquals("", findings.trim(), "promtool check metrics reported findings");
    }

    @Test
    void openMetricsWhenAsked() {
        HttpResult r = agent.get("/metrics", Map.of("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8"));
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.contentType().startsWith("application/openmetrics-text"), r.contentType());
        assertTrue(r.body().endsWith("# EOF\n"), "OpenMetrics must end with # EOF: ..."
                + r.body().substring(Math.max(0, r.body().length() - 200)));
        assertMatches(r.body(), "(?m)^# TYPE process_cpu_seconds counter$");
        assertMatches(r.body(), "(?m)^process_cpu_seconds_total(\\{[^}]*})? \\S+$");
    }

    @Test
    void gzipWhenAsked() throws IOException {
        HttpResult plain = agent.get("/metrics");
        assertNull(plain.header("Content-Encoding"), "no gzip unless asked");
        HttpResult r = agent.get("/metrics", Map.of("Accept-Encoding", "gzip"));
        assertEquals(200, r.status(), r.toString());
        assertEquals("gzip", r.header("Content-Encoding"));
        String body;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.bytes()))) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(body.contains("jvm_memory_used_bytes") && body.contains("vitals_build_info"), body);
    }

    private static void assertMatches(String body, String regex) {
        assertTrue(Pattern.compile(regex).matcher(body).find(), "no match for " + regex + " in:\n" + body);
    }
}

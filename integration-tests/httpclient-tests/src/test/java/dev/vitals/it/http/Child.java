package dev.vitals.it.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Await;
import dev.vitals.it.Http;
import dev.vitals.it.HttpResult;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A child JVM running {@link ClientApp} with the real agent, and its control port. */
final class Child implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("CLIENT-APP READY port=(\\d+)");
    private static final Pattern SERVLET = Pattern.compile("CLIENT-APP SERVLET port=(\\d+)");

    final AgentProcess process;
    private final int controlPort;
    /** The port of ClientApp's servlet mode, or -1. */
    private final int servletPort;

    private Child(AgentProcess process, boolean servlet) {
        this.process = process;
        this.controlPort = Integer.parseInt(process.awaitOutput(READY, Duration.ofSeconds(60)).group(1));
        this.servletPort = servlet ? Integer.parseInt(process.awaitOutput(SERVLET, Duration.ofSeconds(60)).group(1)) : -1;
        process.agentPort();
    }

    static Child start(Map<String, String> agentArgs, String... jvmOptions) {
        return start(null, agentArgs, jvmOptions);
    }

    /** With another JDK's {@code java} (null: the one running the tests). */
    static Child start(java.nio.file.Path java, Map<String, String> agentArgs, String... jvmOptions) {
        return new Child(builder(java, agentArgs, jvmOptions).start(), false);
    }

    /** With ClientApp's servlet mode on: {@link #servletCall} makes calls inside a servlet request. */
    static Child startWithServlet(Map<String, String> agentArgs) {
        return new Child(builder(null, agentArgs).args("--servlet").start(), true);
    }

    private static AgentProcess.Builder builder(java.nio.file.Path java, Map<String, String> agentArgs, String... jvmOptions) {
        AgentProcess.Builder b = AgentProcess.main(ClientApp.class).jvmOptions(jvmOptions);
        if (java != null) {
            b.java(java);
        }
        for (Map.Entry<String, String> e : agentArgs.entrySet()) {
            b.agentArg(e.getKey(), e.getValue());
        }
        return b;
    }

    /** Asks the child to do something; returns its answer (a status, an id or {@code error:<class>}). */
    String control(String path, Map<String, String> params) {
        HttpResult r = Http.get(URI.create("http://127.0.0.1:" + controlPort + path + query(params)));
        assertEquals(200, r.status(), r.toString());
        return r.body();
    }

    private static String query(Map<String, String> params) {
        StringBuilder q = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            q.append(q.length() == 0 ? "?" : "&").append(e.getKey()).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    String call(String client, String method, String url, int timeoutMs) {
        return control("/run", runParams(client, method, url, timeoutMs));
    }

    /** Like {@link #call}; a failure answers with the class of its root cause ({@code error:<class>}). */
    String callReportingRootCause(String client, String method, String url, int timeoutMs) {
        Map<String, String> p = runParams(client, method, url, timeoutMs);
        p.put("report", "root");
        return control("/run", p);
    }

    /** Like {@link #call}, inside a request to ClientApp's servlet. */
    String servletCall(String client, String method, String url, int timeoutMs) {
        HttpResult r = Http.get(URI.create("http://127.0.0.1:" + servletPort + "/run" + query(runParams(client, method, url, timeoutMs))));
        assertEquals(200, r.status(), r.toString());
        return r.body();
    }

    private static Map<String, String> runParams(String client, String method, String url, int timeoutMs) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("client", client);
        p.put("method", method);
        p.put("url", url);
        p.put("timeoutMs", Integer.toString(timeoutMs));
        return p;
    }

    String metrics() {
        HttpResult r = process.get("/metrics");
        assertEquals(200, r.status(), r.toString());
        return r.body();
    }

    /** Polls {@code /metrics} until {@code until} holds (Prometheus histograms show data as of the last rotation, every 5 s). */
    Metrics awaitMetrics(Predicate<Metrics> until) {
        return Await.until("/metrics to match", Await.TIMEOUT, () -> new Metrics(metrics()), until);
    }

    JsonNode breakers(String query) {
        HttpResult r = process.get("/health/circuit-breakers" + query);
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}

package dev.vitals.it.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
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

    final AgentProcess process;
    private final int controlPort;

    private Child(AgentProcess process) {
        this.process = process;
        this.controlPort = Integer.parseInt(process.awaitOutput(READY, Duration.ofSeconds(60)).group(1));
        process.agentPort();
    }

    static Child start(Map<String, String> agentArgs, String... jvmOptions) {
        return start(null, agentArgs, jvmOptions);
    }

    /** With another JDK's {@code java} (null: the one running the tests). */
    static Child start(java.nio.file.Path java, Map<String, String> agentArgs, String... jvmOptions) {
        AgentProcess.Builder b = AgentProcess.main(ClientApp.class).jvmOptions(jvmOptions);
        if (java != null) {
            b.java(java);
        }
        for (Map.Entry<String, String> e : agentArgs.entrySet()) {
            b.agentArg(e.getKey(), e.getValue());
        }
        return new Child(b.start());
    }

    /** Asks the child to do something; returns its answer (a status, an id or {@code error:<class>}). */
    String control(String path, Map<String, String> params) {
        StringBuilder q = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            q.append(q.length() == 0 ? "?" : "&").append(e.getKey()).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        HttpResult r = Http.get(URI.create("http://127.0.0.1:" + controlPort + path + q));
        assertEquals(200, r.status(), r.toString());
        return r.body();
    }

    String call(String client, String method, String url, int timeoutMs) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("client", client);
        p.put("method", method);
        p.put("url", url);
        p.put("timeoutMs", Integer.toString(timeoutMs));
        return control("/run", p);
    }

    String metrics() {
        HttpResult r = process.get("/metrics");
        assertEquals(200, r.status(), r.toString());
        return r.body();
    }

    /** Polls {@code /metrics} until {@code until} holds (Prometheus histograms show data as of the last rotation, every 5 s). */
    Metrics awaitMetrics(Predicate<Metrics> until) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Metrics m;
        do {
            m = new Metrics(metrics());
            if (until.test(m)) {
                return m;
            }
            sleep(250);
        } while (System.nanoTime() < deadline);
        return m;
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

package dev.vitals.it.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One child JVM running a test {@link App} with the real {@code -javaagent:vitals-agent.jar}. It reads the
 * agent's port from the agent's start line and the application's port from the app's {@code APP_PORT=} line.
 * Minimal on purpose; to be merged into the shared integration-test harness.
 */
final class ChildApp implements AutoCloseable {
    private static final Pattern AGENT_PORT = Pattern.compile("\\[vitals] INFO Vitals \\S+ listening on http://[^:/]+:(\\d+)/");
    private static final Pattern APP_PORT = Pattern.compile("APP_PORT=(\\d+)");
    static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile int agentPort;
    private volatile int appPort;

    private ChildApp(Process process) {
        this.process = process;
    }

    /** Starts {@code app} with the agent configured by {@code agentArgs} (comma-separated key=value). */
    static ChildApp start(App app, String agentArgs) throws Exception {
        return start(app, agentArgs, List.of());
    }

    /** {@link #start(App, String)} with more JVM options, before the main class. */
    static ChildApp start(App app, String agentArgs, List<String> jvmOptions) throws Exception {
        Path agentJar = Path.of(System.getProperty("vitals.agent.jar", "../../agent/target/vitals-agent.jar"));
        if (!Files.isRegularFile(agentJar)) {
            throw new IllegalStateException("agent jar not found at " + agentJar.toAbsolutePath()
                    + "; build it first: mvn -B -q -o install -DskipTests -pl bootstrap,http-exporter,agent");
        }
        String classPath = app.buildClassPath();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-javaagent:" + agentJar.toAbsolutePath() + "=exporter.port=0,exporter.host=127.0.0.1,log.level=info"
                        + (agentArgs.isEmpty() ? "" : "," + agentArgs)));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classPath, app.mainClass));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ChildApp child = new ChildApp(p);
        CountDownLatch ready = new CountDownLatch(2);
        Thread reader = new Thread(() -> child.pump(ready), "child-output-" + app);
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(60, TimeUnit.SECONDS)) {
            child.close();
            throw new IllegalStateException(app + " did not report both ports in 60 s; output:\n" + child.output());
        }
        return child;
    }

    private void pump(CountDownLatch ready) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (output) {
                    output.add(line);
                }
                Matcher m = AGENT_PORT.matcher(line);
                if (m.find() && agentPort == 0) {
                    agentPort = Integer.parseInt(m.group(1));
                    ready.countDown();
                }
                m = APP_PORT.matcher(line);
                if (m.find() && appPort == 0) {
                    appPort = Integer.parseInt(m.group(1));
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // the child exited
        }
    }

    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    int appPort() {
        return appPort;
    }

    int agentPort() {
        return agentPort;
    }

    HttpResponse<String> app(String pathAndQuery, String... headers) {
        return get("http://127.0.0.1:" + appPort + pathAndQuery, headers);
    }

    HttpResponse<String> agent(String pathAndQuery) {
        return get("http://127.0.0.1:" + agentPort + pathAndQuery);
    }

    /** GETs an agent endpoint that must answer 200 with JSON. */
    JsonNode agentJson(String pathAndQuery) {
        HttpResponse<String> r = agent(pathAndQuery);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> get(String url, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url + " failed; child output:\n" + output(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpClient client() {
        return http;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

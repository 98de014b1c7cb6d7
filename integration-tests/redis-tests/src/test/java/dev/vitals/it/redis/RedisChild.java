package dev.vitals.it.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Await;
import dev.vitals.it.HttpResult;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Starting a child app with one client's jars, and reading the agent's cache figures. */
final class RedisChild {
    static final Pattern DONE = Pattern.compile("SCENARIO DONE");
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    private RedisChild() {
    }

    /**
     * The child class path: this module's test classes plus the jars of {@code target/clients/NAME} for each
     * comma-separated name in {@code clients} ({@code lettuce,tomcat}).
     */
    static String classPath(String clients) {
        List<String> cp = new ArrayList<>();
        cp.add(dir("vitals.test.classes").toString());
        for (String client : clients.split(",")) {
            Path jars = dir("vitals.clients.dir").resolve(client);
            try (Stream<Path> files = Files.list(jars)) {
                cp.addAll(files.filter(p -> p.toString().endsWith(".jar")).sorted().map(Path::toString).collect(Collectors.toList()));
            } catch (IOException e) {
                throw new UncheckedIOException("client jars missing in " + jars + " (mvn generate-test-resources)", e);
            }
        }
        return String.join(File.pathSeparator, cp);
    }

    static Path dir(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set (run the tests through Maven)");
        }
        return Paths.get(value);
    }

    /** Starts {@code main} with {@code client}'s jars and waits for its scenario to finish. */
    static AgentProcess start(Class<?> main, String client, AgentProcess.Builder configure, String... args) {
        return started(configure, main, client, args);
    }

    static AgentProcess.Builder builder(Class<?> main, String client) {
        return AgentProcess.main(main).classPath(classPath(client)).agentArg("exporter.host", "127.0.0.1")
                .jvmOptions("-Xmx256m", "-XX:+UseSerialGC");
    }

    private static AgentProcess started(AgentProcess.Builder builder, Class<?> main, String client, String[] args) {
        AgentProcess p = builder.args(args).start();
        try {
            p.awaitOutput(DONE, TIMEOUT);
            p.agentPort();
            return p;
        } catch (RuntimeException | AssertionError e) {
            String description = p.describe();
            p.close();
            throw new AssertionError(main.getSimpleName() + " with " + client + " did not finish its scenario:\n" + description, e);
        }
    }

    static JsonNode cache(AgentProcess p, String query) {
        HttpResult r = p.get("/health/cache" + query);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    /** The keyspace object of {@code client} in {@code /health/cache}, or null. */
    static JsonNode keyspace(JsonNode cache, String client, String keyspace) {
        for (JsonNode c : cache.path("clients")) {
            if (client.equals(c.path("client").asText())) {
                for (JsonNode k : c.path("keyspaces")) {
                    if (keyspace.equals(k.path("keyspace").asText())) {
                        return k;
                    }
                }
            }
        }
        return null;
    }

    /**
     * Polls {@code /health/cache} until {@code condition} holds and the response is {@link #settled}: figures by
     * command follow the 5 s rotation, and one read may straddle it, so one keyspace's count alone does not say the
     * others have caught up.
     */
    static JsonNode awaitCache(AgentProcess p, String query, Predicate<JsonNode> condition, String what) {
        return Await.until(what + " in /health/cache" + query + ", every keyspace's operations by command adding up to"
                + " its operations", Await.TIMEOUT, () -> cache(p, query), condition.and(RedisChild::settled));
    }

    /** Every keyspace's operations by command add up to its operations, which are counted live. */
    static boolean settled(JsonNode cache) {
        for (JsonNode c : cache.path("clients")) {
            for (JsonNode k : c.path("keyspaces")) {
                long byCommand = 0;
                for (JsonNode n : k.path("operationsByCommand")) {
                    byCommand += n.asLong();
                }
                if (byCommand != k.path("operations").asLong()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Polls {@code /metrics} until it contains {@code line} (a sample line, exactly). */
    static String awaitMetricLine(AgentProcess p, String line) {
        String[] last = {""};
        return Await.until("metric line '" + line + "' in /metrics", Await.TIMEOUT, () -> last[0] = p.get("/metrics").body(),
                body -> body.lines().anyMatch(l -> l.equals(line)),
                () -> ":\n" + last[0].lines().filter(l -> l.startsWith("db_client") || l.startsWith("vitals_cache"))
                        .collect(Collectors.joining("\n")));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

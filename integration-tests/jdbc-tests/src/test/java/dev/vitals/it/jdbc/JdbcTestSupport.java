package dev.vitals.it.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Await;
import dev.vitals.it.Http;
import dev.vitals.it.HttpResult;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starting {@link DbApp} under the agent, and reading its endpoints. */
final class JdbcTestSupport {
    static final Pattern APP_PORT = Pattern.compile("dbapp listening on (\\d+)");

    private JdbcTestSupport() {
    }

    /** A running DbApp with the agent, and the app's own port. */
    record App(AgentProcess process, int port) implements AutoCloseable {
        HttpResult app(String pathAndQuery) {
            return Http.get(URI.create("http://127.0.0.1:" + port + pathAndQuery));
        }

        HttpResult agent(String path) {
            return process.get(path);
        }

        String metrics() {
            HttpResult r = process.get("/metrics");
            assertEquals(200, r.status(), r.body());
            return r.body();
        }

        JsonNode database() {
            HttpResult r = process.get("/health/database");
            assertEquals(200, r.status(), r.body());
            return r.json();
        }

        /** The data source of {@code /health/database} with this name. */
        JsonNode dataSource(String name) {
            for (JsonNode ds : database().path("dataSources")) {
                if (ds.path("name").asText().equals(name)) {
                    return ds;
                }
            }
            throw new AssertionError("no data source " + name + " in " + database());
        }

        @Override
        public void close() {
            process.close();
        }
    }

    static App start(String url, String user, String password, String pool, int max, long timeoutMillis,
                     String... agentArgs) {
        return start(builder(url, user, password, pool, max, timeoutMillis, agentArgs));
    }

    /** DbApp under the agent, not started yet: for JVM options of a test's own. */
    static AgentProcess.Builder builder(String url, String user, String password, String pool, int max,
                                        long timeoutMillis, String... agentArgs) {
        AgentProcess.Builder b = AgentProcess.main(DbApp.class)
                .agentArg("slow.threshold", "400ms")
                .agentArg("health.database.interval", "1s")
                .agentArg("health.breaker.recovery", "1s")
                .args(url, user, password, pool, Integer.toString(max), Long.toString(timeoutMillis))
                .jvmOptions("-Xmx256m");
        for (int i = 0; i + 1 < agentArgs.length; i += 2) {
            b.agentArg(agentArgs[i], agentArgs[i + 1]);
        }
        return b;
    }

    static App start(AgentProcess.Builder b) {
        AgentProcess p = b.start();
        try {
            int port = Integer.parseInt(p.awaitOutput(APP_PORT, Duration.ofSeconds(60)).group(1));
            p.agentPort();
            return new App(p, port);
        } catch (RuntimeException | AssertionError e) {
            p.close();
            throw e;
        }
    }

    /** Polls until {@code condition} holds, failing with {@code describe} after the timeout. */
    static void await(Duration timeout, Supplier<Boolean> condition, Supplier<String> describe) {
        Await.until("a condition", timeout, condition::get, ok -> ok, () -> ": " + describe.get());
    }

    /** The value of the sample {@code name{labels...}} where every given label matches, or -1 when absent. */
    static double sample(String exposition, String name, Map<String, String> labels) {
        double found = -1;
        for (String line : exposition.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean all = true;
            for (Map.Entry<String, String> e : labels.entrySet()) {
                if (!line.contains(e.getKey() + "=\"" + e.getValue() + "\"")) {
                    all = false;
                    break;
                }
            }
            if (all) {
                String value = line.substring(line.lastIndexOf(' ') + 1);
                found = (found < 0 ? 0 : found) + Double.parseDouble(value);
            }
        }
        return found;
    }

    /** Lines of the exposition that start with {@code prefix}. */
    static List<String> lines(String exposition, String prefix) {
        List<String> out = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith(prefix)) {
                out.add(line);
            }
        }
        return out;
    }

    /** Runs {@code promtool check metrics} on the families starting with one of {@code prefixes}. */
    static void assertPromtoolPasses(String exposition, String... prefixes) throws Exception {
        dev.vitals.it.Promtool.assertPasses(exposition, prefixes);
    }

    static String firstMatch(String text, Pattern p) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group() : null;
    }
}

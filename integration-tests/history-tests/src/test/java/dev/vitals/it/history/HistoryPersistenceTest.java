package dev.vitals.it.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Await;
import dev.vitals.it.Http;
import dev.vitals.it.HttpResult;
import dev.vitals.it.Jars;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * History with the real agent in the demo shop's JVM: rollups every 5 s ({@code history.interval=5s}) under a
 * {@code data.dir} of the test's own, read back after a graceful restart, after a {@code kill -9} with a torn last
 * record, and under a disk budget small enough to force pruning.
 */
class HistoryPersistenceTest {
    static final Pattern SHOP_LISTENING = Pattern.compile("demo-shop listening on http://localhost:(\\d+)/");
    static final String REPORT = "/reports/performance?period=hourly";

    /** One demo shop JVM with the agent and its base URI. */
    record Shop(AgentProcess process, URI base) implements AutoCloseable {
        static Shop start(Path dataDir, String name, String... agentArgs) {
            AgentProcess.Builder b = AgentProcess.jar(Jars.demoShop()).name(name)
                    .agentArg("service.name", "history-shop").agentArg("data.dir", dataDir.toString())
                    .agentArg("history.interval", "5s").args("--port=0", "--redis=off");
            for (int i = 0; i < agentArgs.length; i += 2) {
                b.agentArg(agentArgs[i], agentArgs[i + 1]);
            }
            AgentProcess p = b.start();
            String port = p.awaitOutput(SHOP_LISTENING, Duration.ofSeconds(60)).group(1);
            return new Shop(p, URI.create("http://127.0.0.1:" + port + "/"));
        }

        /** Sends {@code n} requests (one in ten a 404) and returns how many were answered. */
        long traffic(int n) {
            long answered = 0;
            for (int i = 0; i < n; i++) {
                String path = i % 10 == 9 ? "api/products/999" : i % 2 == 0 ? "api/products" : "api/products/2";
                HttpResult r = Http.get(base.resolve(path));
                assertTrue(r.status() == 200 || r.status() == 404, r.toString());
                answered++;
            }
            return answered;
        }

        JsonNode report(String query) {
            HttpResult r = process.get(query);
            assertEquals(200, r.status(), r.toString());
            return r.json();
        }

        long reportedRequests() {
            return report(REPORT).path("metrics").path("totalRequests").asLong();
        }

        @Override
        public void close() {
            process.close();
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        Await.until(what, timeout, condition);
    }

    static List<Path> segments(Path dataDir) {
        Path history = dataDir.resolve("history");
        if (!Files.isDirectory(history)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(history)) {
            return files.filter(p -> p.toString().endsWith(".seg")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long historyBytes(Path dataDir) {
        Path history = dataDir.resolve("history");
        try (Stream<Path> files = Files.walk(history)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return 0; // a segment deleted while walking
        }
    }

    @Test
    void aRestartedAgentStillReportsTheEarlierTraffic() {
        Path data = AgentProcess.tempDir("history-restart-");
        long sent;
        try (Shop shop = Shop.start(data, "shop-1")) {
            sent = shop.traffic(120);
            await("the traffic in a rollup", Duration.ofSeconds(60), () -> shop.reportedRequests() >= sent);
            JsonNode history = shop.process().get("/health/dashboard").json().path("history");
            assertEquals(5000, history.path("resolution").asLong(), history.toString());
            long inPoints = 0;
            for (JsonNode p : history.path("points")) {
                inPoints += p.path("requests").asLong();
                assertTrue(p.has("memoryUsage"), p.toString());
            }
            assertEquals(sent, inPoints, "the dashboard's last hour holds every request: " + history);
        } // SIGTERM: the shutdown hook writes the interval in progress
        assertFalse(segments(data).isEmpty());

        try (Shop shop = Shop.start(data, "shop-2")) {
            JsonNode report = shop.report(REPORT);
            JsonNode metrics = report.path("metrics");
            assertEquals(sent, metrics.path("totalRequests").asLong(), "the earlier process' traffic: " + report);
            assertEquals(12, metrics.path("totalErrors").asLong(), report.toString());
            assertEquals(10.0, metrics.path("errorRate").asDouble(), report.toString());
            for (String field : new String[] {"averageResponseTime", "p95", "p99", "throughput", "memoryUsage", "cpuUsage"}) {
                assertTrue(metrics.hasNonNull(field), field + " in " + report);
            }
            assertTrue(report.path("recommendations").size() > 0, report.toString());
            assertEquals("hourly", report.path("period").asText());
            assertTrue(report.path("routes").toString().contains("/api/products"), report.toString());
            assertEquals(sent, shop.process().get("/health/dashboard").json().path("history").path("points")
                    .findValues("requests").stream().mapToLong(JsonNode::asLong).sum(),
                    "the dashboard's last hour is rebuilt from disk");

            assertBadRequest(shop, "/reports/performance?period=yearly", "period");
            assertBadRequest(shop, "/reports/performance?period=daily&startDate=2024-02-30", "startDate");
            assertBadRequest(shop, "/reports/performance?period=daily&startDate=2024-01-07&endDate=2024-01-01", "endDate");
        }
    }

    static void assertBadRequest(Shop shop, String path, String parameter) {
        HttpResult r = shop.process().get(path);
        assertEquals(400, r.status(), r.toString());
        assertTrue(r.json().path("detail").asText().contains("'" + parameter + "'"), r.toString());
    }

    @Test
    void killNineWhileWritingLosesAtMostTheLastRollup() throws Exception {
        Path data = AgentProcess.tempDir("history-kill-");
        long rolledUp;
        long sent;
        try (Shop shop = Shop.start(data, "shop-kill")) {
            long first = shop.traffic(100);
            await("the first traffic in a rollup", Duration.ofSeconds(60), () -> shop.reportedRequests() >= first);
            // More traffic in flight while the process dies: some of it is in the interval being written.
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong more = new AtomicLong();
            Thread load = new Thread(() -> {
                while (running.get()) {
                    try {
                        Http.get(shop.base().resolve("api/products"));
                        more.incrementAndGet();
                    } catch (RuntimeException | AssertionError e) {
                        return; // the process is gone
                    }
                }
            });
            load.start();
            // Until a rollup after the first holds some of this traffic (a fixed sleep was too short on a busy
            // machine), then a little longer so that the kill lands while more is in flight.
            await("traffic after the first rollup in a rollup", Duration.ofSeconds(60),
                    () -> shop.reportedRequests() > first);
            Thread.sleep(1_000);
            rolledUp = shop.reportedRequests();
            shop.process().kill9();
            running.set(false);
            load.join(20_000);
            sent = first + more.get();
        }
        assertTrue(rolledUp > 100, "traffic after the first rollup was rolled up too: " + rolledUp);
        // The write the kill interrupted: a record header and half a payload at the end of the newest segment.
        List<Path> segments = segments(data);
        Path newest = segments.stream().filter(p -> p.toString().contains("fine")).reduce((a, b) -> b).orElseThrow();
        try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
            f.seek(f.length());
            f.writeInt(900);
            f.writeInt(0xCAFE);
            f.writeLong(System.currentTimeMillis());
            f.writeLong(System.currentTimeMillis() + 5_000);
            f.write(new byte[300]);
        }

        try (Shop shop = Shop.start(data, "shop-after-kill")) {
            long reported = shop.reportedRequests();
            assertTrue(reported >= rolledUp, "nothing that was rolled up before the kill is lost: " + reported + " < "
                    + rolledUp);
            assertTrue(reported <= sent, reported + " > " + sent);
            // Rate: 5 s per interval, at most the interval in progress (plus the slice not yet rotated) is lost.
            long lines = shop.process().stderr().lines().filter(l -> l.contains("history: ") && l.contains(newest.getFileName().toString())).count();
            assertEquals(1, lines, "one log line for the torn tail:\n" + shop.process().stderr());
            long more = shop.traffic(20);
            await("new traffic after the restart", Duration.ofSeconds(60), () -> shop.reportedRequests() >= reported + more);
        }
    }

    @Test
    void aSmallDiskBudgetForcesPruningAndIsKept() {
        Path data = AgentProcess.tempDir("history-budget-");
        long budget = 6 * 1024;
        try (Shop shop = Shop.start(data, "shop-budget", "history.max.bytes", Long.toString(budget))) {
            AtomicBoolean running = new AtomicBoolean(true);
            Thread load = new Thread(() -> {
                while (running.get()) {
                    try {
                        shop.traffic(10);
                        Thread.sleep(100);
                    } catch (RuntimeException | AssertionError | InterruptedException e) {
                        return;
                    }
                }
            });
            load.start();
            try {
                await("pruning", Duration.ofSeconds(150), () -> {
                    long bytes = historyBytes(data);
                    assertTrue(bytes <= budget, "history holds " + bytes + " bytes, over its budget of " + budget);
                    String metrics = shop.process().get("/metrics").body();
                    return metrics.lines().anyMatch(l -> l.startsWith("vitals_history_pruned_segments_total ")
                            && !l.endsWith(" 0") && !l.endsWith(" 0.0"));
                });
                for (int i = 0; i < 20; i++) {
                    assertTrue(historyBytes(data) <= budget);
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            } finally {
                running.set(false);
            }
            JsonNode report = shop.report(REPORT);
            assertTrue(report.path("metrics").path("totalRequests").asLong() > 0, report.toString());
            assertTrue(report.path("coverage").path("rollups").asLong() >= 2, report.toString());
        }
        assertTrue(historyBytes(data) <= budget, "after the final write at shutdown");
    }
}

package dev.vitals.benchmarks;

import dev.vitals.it.Jars;
import dev.vitals.it.Services;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The benchmarks' quick mode, as CI runs it: both comparison commands from the built {@code benchmarks.jar}
 * in a child JVM, exactly as a person would, each with {@code --quick} (no agent and the Vitals jar; one short
 * fork per JMH benchmark; one Hello World, one demo start and a few seconds of load). Only a failure to run
 * fails: a benchmark that throws, an agent that breaks the benchmarked path or the demo shop, a missing row.
 * The figures are never asserted (overhead is measured by people, on a quiet machine).
 *
 * <p>{@code -Dbench.quick.agents=none,empty,vitals,otel,elastic} adds the peers (their jars come from Maven Central
 * through the benchmarks module's build).
 */
class QuickModeIT {
    private static final List<String> JMH_BENCHMARKS = List.of(
            "RecorderBenchmark.floorNanoTimeAndRecorder", "RecorderBenchmark.timerRecord",
            "RecorderBenchmark.familyGetAndRecord", "RecorderBenchmark.callDepthEnterExit",
            "RecorderBenchmark.timerRecordTwoThreads",
            "ServletBenchmark.request", "ServletBenchmark.requestWithJdbc", "ServletBenchmark.recordRequest",
            "WebFluxBenchmark.reactorNettyRequest", "WebFluxBenchmark.webFluxRequest",
            "JdbcBenchmark.executeQuery", "JdbcBenchmark.prepareExecuteClose",
            "JedisBenchmark.get", "JedisBenchmark.recordCommand", "LettuceBenchmark.asyncGet", "HttpClientBenchmark.send", "HttpClientBenchmark.recordEnd");
    private static final List<String> PROCESS_METRICS = List.of(
            "Hello World wall time", "Hello World peak RSS", "demo time to first request", "demo RSS at first request",
            "demo CPU time to first request", "demo CPU to first request: main thread",
            "demo CPU to first request: JIT compiler threads", "demo CPU outside the JIT compiler threads to first request",
            "demo JIT compiler threads' cores until first request",
            "demo load throughput", "demo load p50 latency", "demo load p99 latency", "demo load CPU per request",
            "demo RSS after load");

    private static Path benchmarksJar;
    private static Path out;
    private static List<String> agents;

    @BeforeAll
    static void requirements() throws IOException {
        Services.requireRedis();
        Services.requireExecutable("time"); // /usr/bin/time measures Hello World's peak RSS
        Jars.agent();
        Jars.demoShop();
        benchmarksJar = Paths.get(System.getProperty("vitals.benchmarks.jar", "target/benchmarks.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(benchmarksJar), "benchmarks.jar is missing at " + benchmarksJar);
        out = Files.createDirectories(Paths.get(System.getProperty("vitals.benchmarks.out", "target/quick")).toAbsolutePath());
        agents = List.of(System.getProperty("bench.quick.agents", "none,empty,vitals").split(","));
    }

    @Test
    void jmhSuitesRunWithEveryAgent() throws Exception {
        Path dir = out.resolve("jmh");
        run("dev.vitals.benchmarks.AgentComparison", dir, "--quick", "--agents", String.join(",", agents), "--out", dir.toString());
        Map<String, Double> medians = medians(dir.resolve("jmh.csv"));
        for (String benchmark : JMH_BENCHMARKS) {
            List<String> with = benchmark.startsWith("Recorder") ? List.of("none") : agents;
            for (String agent : with) {
                assertPositive(medians, benchmark + "|" + agent);
                assertTrue(medians.containsKey(benchmark + " alloc|" + agent), "no B/op for " + benchmark + " with " + agent);
            }
        }
        assertTrue(Files.readString(dir.resolve("jmh.json")).contains("\"environment\""));
    }

    @Test
    void processComparisonRunsWithEveryAgent() throws Exception {
        Path dir = out.resolve("process");
        // The transformer baseline too: its jar must be able to register a retransforming transformer, or its JVMs
        // do not start and its rows are missing.
        List<String> processAgents = new ArrayList<>(agents);
        if (!processAgents.contains("transformer")) {
            processAgents.add(1, "transformer");
        }
        run("dev.vitals.benchmarks.ProcessComparison", dir, "--quick", "--agents", String.join(",", processAgents),
                "--out", dir.toString());
        Map<String, Double> medians = medians(dir.resolve("process.csv"));
        for (String metric : PROCESS_METRICS) {
            for (String agent : processAgents) {
                assertPositive(medians, metric + "|" + agent);
            }
        }
        // The start's CPU split by thread: Vitals' own threads are seen with Vitals only.
        String vitalsThreads = "demo CPU to first request: " + ThreadCpu.Kind.VITALS.label;
        if (processAgents.contains("vitals")) {
            assertPositive(medians, vitalsThreads + "|vitals");
        }
        if (processAgents.contains("none")) {
            assertEquals(0.0, medians.get(vitalsThreads + "|none"), "Vitals' threads in a JVM without Vitals");
        }
        for (String agent : processAgents) {
            assertEquals(0.0, medians.get("demo load unexpected statuses|" + agent),
                    "the demo shop answered the load with unexpected statuses under " + agent);
        }
        // Each start is also set against no agent's in the same round.
        String table = Files.readString(dir.resolve("process.txt"));
        for (String agent : processAgents) {
            if (!agent.equals("none")) {
                assertTrue(table.matches("(?s).*\\ndemo time to first request +" + Pattern.quote(agent) + " +none .*"),
                        "no round-by-round row for " + agent + " in:\n" + table);
                assertTrue(table.matches("(?s).*\\ndemo CPU outside the JIT compiler threads to first request +"
                        + Pattern.quote(agent) + " +none .*"), "no round-by-round CPU outside the compilers for " + agent);
            }
        }
        assertTrue(Files.readString(dir.resolve("process.json")).contains("\"baseline\": \"none\""));
    }

    private static void run(String mainClass, Path dir, String... args) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dvitals.agent.jar=" + Jars.agent(),
                "-cp", benchmarksJar.toString(), mainClass));
        command.addAll(List.of(args));
        if (mainClass.endsWith("ProcessComparison")) {
            command.addAll(List.of("--demo-jar", Jars.demoShop().toString()));
        }
        Path log = dir.resolve("console.txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(8, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            fail(mainClass + " did not finish within 8 minutes; output:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertEquals(0, p.exitValue(), mainClass + " failed; output:\n" + output);
    }

    /** metric|agent to median, from the runner's CSV. */
    private static Map<String, Double> medians(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        assertFalse(lines.size() < 2, "no rows in " + csv);
        Map<String, Double> medians = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            medians.put(cells[0] + "|" + cells[2], cells[3].isEmpty() ? Double.NaN : Double.parseDouble(cells[3]));
        }
        return medians;
    }

    private static void assertPositive(Map<String, Double> medians, String key) {
        Double value = medians.get(key);
        assertTrue(value != null && value > 0 && !value.isInfinite(), "no figure for " + key.replace('|', ' ') + ": " + value);
    }
}

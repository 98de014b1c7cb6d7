package dev.vitals.benchmarks;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs every JMH suite once per agent ({@code none}, {@code empty}, {@code vitals}, {@code otel}, {@code elastic}; see
 * {@link Agents}) in freshly forked JVMs, interleaved: each round runs one fork of every suite with every agent,
 * rotating which agent goes first, and the figures are the medians over rounds of each fork's score. It
 * collects ns/op and JMH's {@code -prof gc} {@code gc.alloc.rate.norm} (B/op, all threads) into one table
 * with the ratio to no agent and the difference, and writes it as {@code jmh.csv}, {@code jmh.json} and
 * {@code jmh.txt}; every fork's JMH output and JSON are kept under {@code runs/}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.vitals.benchmarks.AgentComparison            # full: 3 rounds, 8+5 x 1 s
 * java -cp benchmarks/target/benchmarks.jar dev.vitals.benchmarks.AgentComparison --quick    # CI smoke: none,vitals, 1 x 300 ms
 * </pre>
 * Exits non-zero when any fork failed to run (a broken benchmark or agent, Redis missing); the figures
 * themselves never fail it.
 */
public final class AgentComparison {
    /** Suite name to benchmark class; the recorder suite measures code, not an agent, so it runs with none. */
    static final Map<String, Class<?>> SUITES = new LinkedHashMap<>();

    static {
        SUITES.put("recorder", RecorderBenchmark.class);
        SUITES.put("servlet", ServletBenchmark.class);
        SUITES.put("reactive", ReactiveBenchmark.class);
        SUITES.put("webflux", WebFluxBenchmark.class);
        SUITES.put("jdbc", JdbcBenchmark.class);
        SUITES.put("jedis", JedisBenchmark.class);
        SUITES.put("lettuce", LettuceBenchmark.class);
        SUITES.put("httpclient", HttpClientBenchmark.class);
        SUITES.put("caffeine", CaffeineBenchmark.class);
    }

    static final String USAGE = String.join("\n",
            "usage: java -cp benchmarks.jar dev.vitals.benchmarks.AgentComparison [options]",
            "  --quick                 CI smoke mode: agents none,empty,vitals; 1 round; 1 warm-up and 1 measurement of 300 ms",
            "  --agents LIST           none,empty,vitals,otel,elastic or all (default all)",
            "  --suites LIST           " + String.join(",", SUITES.keySet()) + " (default all)",
            "  --rounds N              forks per suite and agent, interleaved (default 3)",
            "  --warmup N              warm-up iterations per fork (default 8)",
            "  --iterations N          measurement iterations per fork (default 5)",
            "  --time D                length of each iteration, e.g. 1s or 300ms (default 1s)",
            "  --jvm-args \"ARGS\"       extra options for every forked JVM (space-separated)",
            "  --out DIR               where to write jmh.csv/json/txt and runs/ (default benchmarks/target/results)",
            "Agent jars: -Dvitals.agent.jar=, -Dbench.otel.jar=, -Dbench.elastic.jar= (defaults next to benchmarks.jar).",
            "Redis for the jedis and lettuce suites: 127.0.0.1:6379, or -Dbench.redis=host:port (passed to the forks).");

    private AgentComparison() {
    }

    public static void main(String[] argv) throws IOException {
        int status;
        try {
            status = run(argv);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("AgentComparison: " + e.getMessage());
            status = 2;
        }
        System.exit(status);
    }

    static int run(String[] argv) throws IOException {
        Args args = new Args(argv, Set.of("agents", "suites", "rounds", "warmup", "iterations", "time", "jvm-args", "out"),
                Set.of("quick"), USAGE);
        boolean quick = args.flag("quick");
        List<String> agents = Agents.parse(args.get("agents", quick ? "none,empty,vitals" : "all"));
        List<String> suites = new ArrayList<>();
        for (String s : args.get("suites", String.join(",", SUITES.keySet())).split(",")) {
            String name = s.trim().toLowerCase(Locale.ROOT);
            if (!SUITES.containsKey(name)) {
                throw new IllegalArgumentException("unknown suite '" + s + "'; known: " + String.join(",", SUITES.keySet()));
            }
            suites.add(name);
        }
        int rounds = args.getInt("rounds", quick ? 1 : 3, 1, 100);
        // Eight warm-up seconds: the peers' advice is large and needs several seconds of C2 compilation on 2 cores.
        int warmup = args.getInt("warmup", quick ? 1 : 8, 0, 1000);
        int iterations = args.getInt("iterations", quick ? 1 : 5, 1, 1000);
        long timeMillis = args.getMillis("time", quick ? 300 : 1000);
        List<String> extraJvmArgs = new ArrayList<>();
        String redis = System.getProperty("bench.redis");
        if (redis != null) {
            extraJvmArgs.add("-Dbench.redis=" + redis);
        }
        String extra = args.get("jvm-args", "").trim();
        if (!extra.isEmpty()) {
            extraJvmArgs.addAll(Arrays.asList(extra.split("\\s+")));
        }
        Path out = Paths.get(args.get("out", Agents.targetDir().resolve("results").toString())).toAbsolutePath();
        Path runs = out.resolve("runs");
        Files.createDirectories(runs);

        Agents jars = Agents.locate();
        jars.check(agents);

        Map<String, String> environment = Report.environment();
        environment.put("mode", quick ? "quick" : "full");
        environment.put("rounds", Integer.toString(rounds));
        environment.put("iterations", warmup + " warm-up + " + iterations + " measurement x " + timeMillis + " ms per fork");
        for (String agent : agents) {
            if (jars.jar(agent) != null) {
                environment.put("agent." + agent, jars.jar(agent).toString());
            }
        }
        Report report = new Report("JMH" + (quick ? ", quick smoke mode (figures not meaningful)" : "") + ": median over "
                + rounds + " interleaved fork(s) per cell, each " + warmup + " warm-up + " + iterations + " measured x " + timeMillis
                + " ms; ns/op is average time, B/op is gc.alloc.rate.norm (all threads)", agents);
        report.note("'+ over none' is the agent's median minus no agent's; x none is the ratio; '+ over empty' is over an agent that does nothing"
                + " (what attaching any agent changes in the JVM is not the agent's cost). Recorder benchmarks run without an agent.");

        int total = 0;
        for (String suite : suites) {
            total += suite.equals("recorder") ? (agents.contains("none") ? 1 : 0) : agents.size();
        }
        total *= rounds;
        List<String> failures = new ArrayList<>();
        int done = 0;
        for (int round = 0; round < rounds; round++) {
            for (String suite : suites) {
                for (int a = 0; a < agents.size(); a++) {
                    String agent = agents.get((a + round) % agents.size()); // rotate who goes first
                    if (suite.equals("recorder") && !agent.equals("none")) {
                        continue;
                    }
                    done++;
                    String label = suite + "-" + agent + "-r" + (round + 1);
                    Path scratch = Files.createDirectories(runs.resolve(label + "-scratch"));
                    List<String> jvmArgs = new ArrayList<>(jars.jvmArgs(agent, scratch));
                    jvmArgs.addAll(extraJvmArgs);
                    ChainedOptionsBuilder options = new OptionsBuilder()
                            .include("^" + Pattern.quote(SUITES.get(suite).getName()) + "\\.")
                            .forks(1)
                            .warmupIterations(warmup)
                            .measurementIterations(iterations)
                            .warmupTime(TimeValue.milliseconds(timeMillis))
                            .measurementTime(TimeValue.milliseconds(timeMillis))
                            .addProfiler(GCProfiler.class)
                            .shouldFailOnError(true)
                            .output(runs.resolve(label + ".log").toString())
                            .result(runs.resolve(label + ".json").toString())
                            .resultFormat(ResultFormatType.JSON);
                    if (!jvmArgs.isEmpty()) {
                        options.jvmArgsAppend(jvmArgs.toArray(new String[0]));
                    }
                    long started = System.nanoTime();
                    System.out.printf(Locale.ROOT, "[%d/%d] %-10s %-7s round %d ... ", done, total, suite, agent, round + 1);
                    System.out.flush();
                    try {
                        Collection<RunResult> results = new Runner(options.build()).run();
                        if (results.isEmpty()) {
                            throw new RunnerException("no results");
                        }
                        StringBuilder line = new StringBuilder();
                        for (RunResult result : results) {
                            String name = shortName(result.getParams().getBenchmark());
                            double ns = result.getPrimaryResult().getScore();
                            double bytes = allocation(result);
                            report.add(name, result.getPrimaryResult().getScoreUnit(), agent, ns);
                            if (!Double.isNaN(bytes)) {
                                report.add(name + " alloc", "B/op", agent, bytes);
                            }
                            line.append(line.length() == 0 ? "" : "; ").append(name.substring(name.indexOf('.') + 1))
                                    .append(' ').append(Report.format(ns)).append(" ns/op, ").append(Report.format(bytes)).append(" B/op");
                        }
                        System.out.printf(Locale.ROOT, "%s (%.0f s)%n", line, (System.nanoTime() - started) / 1e9);
                    } catch (RunnerException | RuntimeException e) {
                        System.out.println("FAILED");
                        failures.add(label + ": " + e.getMessage());
                        printTail(runs.resolve(label + ".log"));
                    }
                }
            }
        }

        report.write(out, "jmh", environment);
        System.out.println();
        System.out.println(report.table());
        environment.forEach((k, v) -> System.out.println(k + ": " + v));
        System.out.println("written: " + out.resolve("jmh.csv") + ", " + out.resolve("jmh.json") + ", " + out.resolve("jmh.txt"));
        if (!failures.isEmpty()) {
            System.err.println(failures.size() + " run(s) failed:");
            failures.forEach(f -> System.err.println("  " + f));
            return 1;
        }
        return 0;
    }

    /** {@code gc.alloc.rate.norm} (JMH 1.37 names it so; older versions prefixed a middle dot). */
    private static double allocation(RunResult result) {
        for (String key : result.getSecondaryResults().keySet()) {
            if (key.endsWith("gc.alloc.rate.norm")) {
                return result.getSecondaryResults().get(key).getScore();
            }
        }
        return Double.NaN;
    }

    private static String shortName(String benchmark) {
        String[] parts = benchmark.split("\\.");
        return parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    private static void printTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            System.out.println("---- last lines of " + log);
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.out::println);
            System.out.println("----");
        } catch (IOException e) {
            System.out.println("(no log at " + log + ")");
        }
    }
}

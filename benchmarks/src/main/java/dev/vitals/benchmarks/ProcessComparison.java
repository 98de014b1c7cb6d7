package dev.vitals.benchmarks;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The whole-process comparison: what each agent ({@code none}, {@code vitals}, {@code otel}, {@code elastic},
 * attached as {@link Agents} says) adds to a real process, every measurement interleaved across agents
 * (round by round, rotating which agent goes first) and reported as the median with the ratio to no agent.
 * <ol>
 *   <li><b>Hello World</b>: wall time from {@code exec} to exit, and peak RSS ({@code /usr/bin/time}'s maximum
 *       resident set size), of {@code java -cp DIR dev.vitals.benchmarks.Hello} with the class alone in DIR.</li>
 *   <li><b>Demo shop start</b>: time from {@code exec} of {@code java -jar demo-shop.jar} (embedded Tomcat 10.1, H2
 *       through HikariCP, Redis through Jedis, a payment provider through {@code java.net.http}) to the first
 *       {@code 200} of {@code GET /api/products}, polled every 5 ms; and its RSS at that moment.</li>
 *   <li><b>Demo shop under load</b>: a fresh shop per agent and round, warmed up, then a closed-loop load of
 *       {@code --connections} kept-alive connections (like wrk) for {@code --load-duration}, cycling through a
 *       fixed mix: product by id and product list (JDBC) and cached lookups (Redis GET hits); {@code --mix full}
 *       adds order placement and order status (JDBC plus an outgoing {@code java.net.http} call to the demo's
 *       payment provider, which sleeps 5-40 ms at random, so throughput and p99 then mostly measure those
 *       sleeps). Throughput, p50 and p99 latency as the client saw them,
 *       the shop's CPU time per request ({@code /proc/PID/stat}), and its RSS after the load.</li>
 *   <li><b>Big application</b> ({@code integration-tests/big-app}, Spring Boot with MVC, Data JPA/Hibernate, HikariCP,
 *       H2, Thymeleaf and JCache over Caffeine, about 17,500 classes loaded): time from {@code exec} to the first
 *       {@code 200} of its Thymeleaf page, and RSS then.</li>
 *   <li><b>Standalone Tomcat</b> (the {@code org.apache.tomcat:tomcat} tar.gz through its own {@code catalina.sh run},
 *       the agent in {@code CATALINA_OPTS}): time to the first {@code 200} with its bundled applications and a WAR
 *       of JSPs deployed, then the first and the second JSP request (each compiles its page), and RSS.</li>
 *   <li><b>WildFly</b> (the {@code org.wildfly:wildfly-dist} distribution through its own {@code bin/standalone.sh},
 *       the agent added to {@code JAVA_OPTS} at the end of {@code standalone.conf}): time to the first {@code 200} of
 *       a static file of a deployed WAR, and the server JVM's CPU time and RSS then.</li>
 *   <li><b>Demo memory</b>: the load above with {@code -XX:NativeMemoryTracking=summary} for {@code --nmt-agents},
 *       then RSS and {@code jcmd VM.native_memory summary}'s committed memory per category (heap, class metadata,
 *       threads, code cache, GC, other, ...), which says where an agent's RSS goes.</li>
 * </ol>
 * For every start (the demo, the big application, Tomcat, WildFly), the process's CPU time until the first request
 * is also split by kind of thread ({@link ThreadCpu}: main thread, JIT compiler threads, GC threads, Vitals' threads,
 * other and ended threads), which says whether an agent's cost is its own set-up, work on the application's thread,
 * or compiling. Every start's time and CPU time is also compared round by round with each agent's baselines
 * ({@link Report#pairByRound}).
 * The load generator is plain sockets in this JVM (no agent), so it costs the same for every agent; on a 2-core
 * machine it shares the cores with the shop, which the CPU-per-request column does not depend on. After each
 * Vitals load run, the shop's own {@code /metrics} must show at least as many servlet requests as were measured
 * (and the console shows its database and HTTP-client counts), so a figure never comes from an agent that
 * silently instrumented nothing.
 */
public final class ProcessComparison {
    static final String USAGE = String.join("\n",
            "usage: java -cp benchmarks.jar dev.vitals.benchmarks.ProcessComparison [options]",
            "  --quick               CI smoke mode: agents none,empty,vitals; 1 run each; load 2 s warm-up + 3 s",
            "  --agents LIST         none,empty,vitals,otel,elastic or all (default all); transformer adds the empty",
            "                        agent with one transformer that changes nothing (what instrumenting at load",
            "                        costs before any class is looked at); vitals-base adds a second Vitals jar",
            "                        (-Dbench.vitals.base.jar=PATH) to compare two builds side by side",
            "  --parts LIST          hello,startup,load,bigapp,tomcat,wildfly,nmt (default all; --quick: hello,startup,load)",
            "                        bigapp: the Spring Boot application's time to first request and RSS;",
            "                        tomcat: a standalone Tomcat's first 200 and first JSP compiles; wildfly: a WildFly",
            "                        server's first 200 of a deployed WAR; nmt: the demo's Native Memory Tracking",
            "                        breakdown after the load (agents of --nmt-agents)",
            "  --runs N              Hello World and demo-start runs per agent, interleaved (default 7)",
            "  --app-runs N          big-app, Tomcat and WildFly runs per agent, interleaved (default 3)",
            "  --nmt-agents LIST     agents of the nmt part, each in --load-rounds rounds (default none,vitals)",
            "  --big-app-jar PATH    default integration-tests/big-app/target/big-app.jar",
            "  --tomcat-dist PATH    the Tomcat tar.gz (default benchmarks/target/dist/tomcat.tar.gz)",
            "  --wildfly-home PATH   an unpacked WildFly (default: the one integration-tests/wildfly-tests unpacks)",
            "  --load-rounds N       load runs per agent, interleaved (default 3)",
            "  --load-warmup D       warm-up load before each measurement (default 20s, at most 50s)",
            "  --load-duration D     measured load (default 30s, at most 50s: cached keys live 60 s)",
            "  --connections N       concurrent kept-alive connections of the load (default 4)",
            "  --mix cpu|full        cpu (default): per 10 requests 4 product by id + 2 product list (JDBC), 4 cache GET hits",
            "                        (Redis); full adds order placement and order status, which call the demo's payment",
            "                        provider over java.net.http (the provider sleeps 5-40 ms at random per call)",
            "  --demo-jar PATH       default integration-tests/demo-shop/target/demo-shop.jar",
            "  --redis HOST:PORT     Redis for the demo shop (default 127.0.0.1:6379; required for the load part)",
            "  --jvm-args \"ARGS\"     extra JVM options for Hello World and the demo shop, the same for every agent",
            "                        (default none: each JVM sizes its heap itself, so RSS includes heap growth)",
            "  --cpus N              run every process under test on N cores only (taskset -c 0-(N-1)), as in a",
            "                        container with N vCPUs; the JVM then sizes its GC and compiler threads for N",
            "                        (default: every core of the machine)",
            "  --out DIR             where to write process.csv/json/txt and runs/ (default benchmarks/target/results)");

    private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux x86 and arm64
    /** How long a process may take to its first 200: generous, so that a busy shared machine yields slow figures, not none. */
    private static final int START_TIMEOUT_SECONDS = 1800;

    private final Agents jars;
    private final List<String> jvmArgs = new ArrayList<>();
    /** Prepended to every command under test: {@code taskset -c ...} with --cpus, else nothing. */
    private List<String> pin = List.of();
    private final Path java;
    private final Path runs;
    private final Report report;
    private final List<String> failures = new ArrayList<>();

    private ProcessComparison(Agents jars, Path runs, Report report) {
        this.jars = jars;
        this.java = Paths.get(System.getProperty("java.home"), "bin", "java");
        this.runs = runs;
        this.report = report;
    }

    public static void main(String[] argv) throws Exception {
        int status;
        try {
            status = run(argv);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("ProcessComparison: " + e.getMessage());
            status = 2;
        }
        System.exit(status);
    }

    static int run(String[] argv) throws Exception {
        Args args = new Args(argv, Set.of("agents", "parts", "runs", "load-rounds", "load-warmup", "load-duration",
                "connections", "mix", "demo-jar", "redis", "jvm-args", "out", "app-runs", "nmt-agents", "big-app-jar", "tomcat-dist", "wildfly-home",
                "cpus"),
                Set.of("quick"), USAGE);
        boolean quick = args.flag("quick");
        List<String> agents = Agents.parse(args.get("agents", quick ? "none,empty,vitals" : "all"));
        List<String> parts = Arrays.asList(args.get("parts", quick ? "hello,startup,load" : "hello,startup,load,bigapp,tomcat,wildfly,nmt").split(","));
        for (String part : parts) {
            if (!Set.of("hello", "startup", "load", "bigapp", "tomcat", "wildfly", "nmt").contains(part)) {
                throw new IllegalArgumentException("unknown part '" + part + "'; known: hello,startup,load,bigapp,tomcat,wildfly,nmt");
            }
        }
        int appRuns = args.getInt("app-runs", quick ? 1 : 3, 1, 100);
        List<String> nmtAgents = Agents.parse(args.get("nmt-agents", "none,vitals"));
        Path bigAppJar = Paths.get(args.get("big-app-jar",
                Agents.targetDir().resolve("../../integration-tests/big-app/target/big-app.jar").toString())).toAbsolutePath().normalize();
        Path tomcatDist = Paths.get(args.get("tomcat-dist",
                Agents.targetDir().resolve("dist/tomcat.tar.gz").toString())).toAbsolutePath().normalize();
        String wildFlyHomeArg = args.get("wildfly-home", null);
        Path wildFlyHome = wildFlyHomeArg != null ? Paths.get(wildFlyHomeArg).toAbsolutePath().normalize()
                : StandaloneWildFly.defaultHome();
        int runCount = args.getInt("runs", quick ? 1 : 7, 1, 1000);
        int loadRounds = args.getInt("load-rounds", quick ? 1 : 3, 1, 100);
        long warmupMillis = args.getMillis("load-warmup", quick ? 2_000 : 20_000);
        long durationMillis = args.getMillis("load-duration", quick ? 3_000 : 30_000);
        if (warmupMillis > 50_000 || durationMillis > 50_000 || durationMillis < 1_000) {
            throw new IllegalArgumentException("--load-warmup and --load-duration must be at most 50s (the demo's cached"
                    + " keys live 60 s; a miss sleeps 20 ms), and --load-duration at least 1s");
        }
        int connections = args.getInt("connections", 4, 1, 256);
        int cores = Runtime.getRuntime().availableProcessors();
        int cpus = args.getInt("cpus", cores, 1, cores);
        String mixName = args.get("mix", "cpu");
        if (!mixName.equals("cpu") && !mixName.equals("full")) {
            throw new IllegalArgumentException("--mix must be cpu or full, not '" + mixName + "'");
        }
        boolean fullMix = mixName.equals("full");
        Path demoJar = Paths.get(args.get("demo-jar",
                Agents.targetDir().resolve("../../integration-tests/demo-shop/target/demo-shop.jar").toString())).toAbsolutePath().normalize();
        String redis = args.get("redis", "127.0.0.1:6379");
        Path out = Paths.get(args.get("out", Agents.targetDir().resolve("results").toString())).toAbsolutePath();
        Path runs = Files.createDirectories(out.resolve("runs"));

        Agents jars = Agents.locate();
        jars.check(agents);
        if (parts.contains("bigapp") && !Files.isRegularFile(bigAppJar)) {
            throw new IllegalStateException("the big application's jar is missing at " + bigAppJar
                    + ": build it with mvn -B -q package -DskipTests -pl integration-tests/big-app (from the repository root)");
        }
        if (parts.contains("tomcat") && !Files.isRegularFile(tomcatDist)) {
            throw new IllegalStateException("the Tomcat distribution is missing at " + tomcatDist
                    + ": build the benchmarks module without -DskipPeers, which copies org.apache.tomcat:tomcat:tar.gz from Maven Central");
        }
        StandaloneWildFly wildFly = parts.contains("wildfly") ? new StandaloneWildFly(wildFlyHome) : null;
        if (parts.contains("nmt")) {
            jars.check(nmtAgents);
        }
        if ((parts.contains("startup") || parts.contains("load") || parts.contains("nmt")) && !Files.isRegularFile(demoJar)) {
            throw new IllegalStateException("the demo shop jar is missing at " + demoJar
                    + ": build it with mvn -B -q install -DskipTests (from the repository root)");
        }
        if (parts.contains("hello") && !Files.isExecutable(Paths.get("/usr/bin/time"))) {
            throw new IllegalStateException("/usr/bin/time is missing (it measures peak RSS): apt-get install time");
        }
        if (parts.contains("load") || parts.contains("nmt")) {
            String[] hp = redis.split(":");
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(hp[0], Integer.parseInt(hp[1])), 1000);
            } catch (IOException e) {
                throw new IllegalStateException("Redis is not reachable at " + redis + " (the load mix reads through the"
                        + " demo's Redis cache); start it or pass --redis HOST:PORT");
            }
        }

        Map<String, String> environment = Report.environment();
        environment.put("mode", quick ? "quick" : "full");
        environment.put("runs", runCount + " Hello World and demo-start runs, " + loadRounds + " load rounds, " + appRuns
                + " big-app, Tomcat and WildFly runs per agent");
        environment.put("load", mixName + " mix, " + connections + " connections, " + warmupMillis + " ms warm-up, " + durationMillis + " ms measured");
        Report report = new Report("Whole process" + (quick ? ", quick smoke mode (figures not meaningful)" : "")
                + (cpus < cores ? ", every process under test on " + cpus + " of " + cores + " cores" : "")
                + ": medians of " + runCount + " interleaved runs (Hello World, demo start) and " + loadRounds
                + " interleaved load rounds of " + warmupMillis + " ms warm-up + " + durationMillis + " ms; " + appRuns
                + " interleaved big-app, Tomcat and WildFly runs", agents);
        report.note("load: closed loop of " + connections + " kept-alive connections from this JVM (no agent); mix per 10 requests: "
                + (fullMix ? "3 product by id + 2 product list (JDBC), 2 cache GET hits (Redis), 1 order placement and 2 order status"
                + " (JDBC + HTTP client to a provider that sleeps 5-40 ms)"
                : "4 product by id + 2 product list (JDBC), 4 cache GET hits (Redis)"));
        report.note("CPU/request is the demo process's user+system CPU over the measured window divided by its requests");
        ProcessComparison comparison = new ProcessComparison(jars, runs, report);
        String extra = args.get("jvm-args", "").trim();
        if (!extra.isEmpty()) {
            comparison.jvmArgs.addAll(Arrays.asList(extra.split("\\s+")));
            environment.put("jvmArgs", extra);
        }
        if (cpus < cores) {
            comparison.pin = pinTo(cpus);
            environment.put("cpus", cpus + " of " + cores + " (" + String.join(" ", comparison.pin) + ")");
        }

        if (parts.contains("hello")) {
            Path helloDir = comparison.extractHello();
            for (int r = 0; r < runCount; r++) {
                for (String agent : order(agents, r)) {
                    comparison.hello(agent, helloDir, r);
                }
            }
        }
        if (parts.contains("startup")) {
            for (int r = 0; r < runCount; r++) {
                for (String agent : order(agents, r)) {
                    comparison.startup(agent, demoJar, redis, r);
                }
            }
        }
        if (parts.contains("load")) {
            for (int r = 0; r < loadRounds; r++) {
                for (String agent : order(agents, r)) {
                    comparison.load(agent, demoJar, redis, r, connections, warmupMillis, durationMillis, fullMix, false);
                }
            }
        }
        if (parts.contains("bigapp")) {
            for (int r = 0; r < appRuns; r++) {
                for (String agent : order(agents, r)) {
                    int round = r;
                    comparison.guarded("bigapp-" + agent + "-r" + (r + 1), () -> comparison.bigApp(agent, bigAppJar, round));
                }
            }
        }
        if (parts.contains("tomcat")) {
            StandaloneTomcat tomcat = StandaloneTomcat.unpack(tomcatDist, runs);
            for (int r = 0; r < appRuns; r++) {
                for (String agent : order(agents, r)) {
                    int round = r;
                    comparison.guarded("tomcat-" + agent + "-r" + (r + 1), () -> comparison.tomcat(agent, tomcat, round));
                }
            }
        }
        if (wildFly != null) {
            Path war = BenchWar.write(runs.resolve("bench.war"));
            for (int r = 0; r < appRuns; r++) {
                for (String agent : order(agents, r)) {
                    int round = r;
                    comparison.guarded("wildfly-" + agent + "-r" + (r + 1), () -> comparison.wildFly(agent, wildFly, war, round));
                }
            }
        }
        if (parts.contains("nmt")) {
            for (int r = 0; r < loadRounds; r++) {
                for (String agent : order(nmtAgents, r)) {
                    int round = r;
                    comparison.guarded("nmt-" + agent + "-r" + (r + 1), () -> comparison.load(agent, demoJar, redis, round,
                            connections, warmupMillis, durationMillis, fullMix, true));
                }
            }
        }

        environment.put("loadAverage1mAtEnd", Report.environment().get("loadAverage1m"));
        report.write(out, "process", environment);
        System.out.println();
        System.out.println(report.table());
        environment.forEach((k, v) -> System.out.println(k + ": " + v));
        System.out.println("written: " + out.resolve("process.csv") + ", " + out.resolve("process.json") + ", " + out.resolve("process.txt"));
        if (!comparison.failures.isEmpty()) {
            System.err.println(comparison.failures.size() + " run(s) failed:");
            comparison.failures.forEach(f -> System.err.println("  " + f));
            return 1;
        }
        return 0;
    }

    /** The command that runs what follows it on the first {@code cpus} cores only. */
    static List<String> pinTo(int cpus) {
        return List.of("taskset", "-c", cpus == 1 ? "0" : "0-" + (cpus - 1));
    }

    /**
     * The agents' order in round {@code round}: rounds come in pairs, the second of a pair the first reversed, and each
     * pair starts one agent later than the one before. Any two agents then run in each order equally often over an even
     * number of rounds, so a machine that slows down or speeds up during a run favours neither, not even two that are
     * next to each other in the list ({@code vitals-base} and {@code vitals}). With the order only shifted, one of two
     * neighbours ran first in almost every round.
     */
    static List<String> order(List<String> agents, int round) {
        List<String> order = new ArrayList<>();
        for (int i = 0; i < agents.size(); i++) {
            order.add(agents.get((i + round / 2) % agents.size()));
        }
        if (round % 2 == 1) {
            Collections.reverse(order);
        }
        return order;
    }

    private Path extractHello() throws IOException {
        Path dir = runs.resolve("hello-classes");
        Path file = dir.resolve("dev/vitals/benchmarks/Hello.class");
        Files.createDirectories(file.getParent());
        try (InputStream in = Hello.class.getResourceAsStream("Hello.class")) {
            if (in == null) {
                throw new IllegalStateException("Hello.class is not in the benchmarks jar");
            }
            Files.write(file, in.readAllBytes());
        }
        return dir;
    }

    private void hello(String agent, Path helloDir, int round) throws IOException, InterruptedException {
        String label = "hello-" + agent + "-r" + (round + 1);
        Path scratch = Files.createDirectories(runs.resolve(label));
        List<String> command = new ArrayList<>(pin);
        command.addAll(List.of("/usr/bin/time", "-f", "VITALS_BENCH_TIME %e %M", java.toString()));
        command.addAll(jars.jvmArgs(agent, scratch));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", helloDir.toString(), Hello.class.getName()));
        Path stdout = scratch.resolve("stdout.txt");
        Path stderr = scratch.resolve("stderr.txt");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).directory(scratch.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(label, "did not exit within 120 s");
            return;
        }
        double wallMillis = (System.nanoTime() - start) / 1e6;
        String out = Files.readString(stdout);
        String err = Files.readString(stderr);
        if (p.exitValue() != 0 || !out.contains("Hello, World")) {
            fail(label, "exit " + p.exitValue() + ", stdout '" + out.trim() + "', stderr: " + tail(err));
            return;
        }
        double rssMb = Double.NaN;
        for (String line : err.split("\n")) {
            if (line.startsWith("VITALS_BENCH_TIME ")) {
                rssMb = Long.parseLong(line.trim().split(" ")[2]) / 1024.0;
            }
        }
        addStart("Hello World wall time", agent, round, wallMillis);
        report.add("Hello World peak RSS", "MB", agent, rssMb);
        System.out.printf(Locale.ROOT, "%-28s %8.0f ms %7.1f MB%n", label, wallMillis, rssMb);
    }

    /** A process under test (the demo shop, the big application, Tomcat): its output goes to its run directory. */
    private final class Shop implements AutoCloseable {
        final Process process;
        final int port;
        final long startNanos;
        final String label;

        /** The demo shop with {@code agent} and {@code extra} JVM options. */
        Shop(String agent, Path demoJar, String redis, String label, String... extra) throws IOException {
            this.label = label;
            Path scratch = Files.createDirectories(runs.resolve(label));
            port = Agents.freePort();
            List<String> command = new ArrayList<>(List.of(java.toString()));
            command.addAll(jars.jvmArgs(agent, scratch));
            command.addAll(jvmArgs);
            command.addAll(Arrays.asList(extra));
            command.addAll(List.of("-jar", demoJar.toString(), "--port=" + port, "--redis=" + redis));
            startNanos = System.nanoTime();
            process = start(command, Map.of(), scratch);
        }

        /** Any command listening on {@code port}, with {@code environment} added to this JVM's. */
        Shop(String label, List<String> command, Map<String, String> environment, int port) throws IOException {
            this.label = label;
            this.port = port;
            startNanos = System.nanoTime();
            process = start(command, environment, Files.createDirectories(runs.resolve(label)));
        }

        private Process start(List<String> command, Map<String, String> environment, Path scratch) throws IOException {
            List<String> pinned = new ArrayList<>(pin);
            pinned.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(pinned).directory(scratch.toFile())
                    .redirectOutput(scratch.resolve("stdout.txt").toFile())
                    .redirectError(scratch.resolve("stderr.txt").toFile());
            builder.environment().putAll(environment);
            return builder.start();
        }

        /** Polls GET /api/products every 5 ms until it answers 200; returns ms from exec, or -1. */
        double awaitFirstRequest() throws InterruptedException {
            return awaitOk("/api/products", START_TIMEOUT_SECONDS);
        }

        /** Polls GET {@code path} every 5 ms until it answers 200; returns ms from exec, or -1 after {@code seconds}. */
        double awaitOk(String path, int seconds) throws InterruptedException {
            byte[] request = RawHttpConnection.get(path);
            long deadline = startNanos + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline && process.isAlive()) {
                try (RawHttpConnection c = new RawHttpConnection("127.0.0.1", port, 2_000)) {
                    if (c.exchange(request) == 200) {
                        return (System.nanoTime() - startNanos) / 1e6;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(5);
            }
            return -1;
        }

        long[] status(String... keys) throws IOException {
            return ProcessComparison.status(process.pid(), keys);
        }

        /**
         * Proof that the benchmark measured an instrumented path: the Vitals listener (its port is in the shop's
         * log, since it runs on port 0) must report at least {@code requests} servlet requests. Prints what
         * else it recorded (database and HTTP-client calls once those instrumentations are in the jar).
         * Returns null when fine, else why not.
         */
        String checkVitalsRecorded(long requests) throws IOException, InterruptedException {
            Matcher m = null;
            for (int i = 0; i < 100; i++) {
                Path dir = runs.resolve(label);
                String log = Files.readString(dir.resolve("stderr.txt")) + Files.readString(dir.resolve("stdout.txt"));
                m = Pattern.compile("Vitals \\S+ listening on http://[^:/]+:(\\d+)/").matcher(log);
                if (m.find()) {
                    break;
                }
                m = null;
                Thread.sleep(100);
            }
            if (m == null) {
                return "the Vitals agent logged no 'listening on' line (see " + runs.resolve(label) + ")";
            }
            // Recorded values reach /metrics when the agent rotates its windows (every 5 s): poll past one rotation.
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1) + "/metrics")).build();
            String body = "";
            double servlet = 0;
            for (long deadline = System.nanoTime() + 15_000_000_000L; System.nanoTime() < deadline; Thread.sleep(500)) {
                body = http.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
                servlet = Exposition.sum(body, "http_server_request_duration_seconds_count");
                if (servlet >= requests) {
                    break;
                }
            }
            double db = Exposition.sum(body, "db_client_operation_duration_seconds_count");
            double client = Exposition.sum(body, "http_client_request_duration_seconds_count");
            System.out.printf(Locale.ROOT, "%-28s Vitals recorded %.0f servlet requests, %.0f database calls, %.0f HTTP-client calls%n",
                    label, servlet, db, client);
            return servlet >= requests ? null
                    : "the Vitals agent recorded " + servlet + " servlet requests, fewer than the " + requests + " measured";
        }

        /** Threads whose name starts with {@code prefix} (Linux keeps a Java thread's name, cut to 15 characters). */
        long threadsNamed(String prefix) throws IOException {
            long n = 0;
            try (java.util.stream.Stream<Path> tasks = Files.list(Paths.get("/proc/" + process.pid() + "/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        if (Files.readString(task.resolve("comm")).startsWith(prefix)) {
                            n++;
                        }
                    } catch (IOException e) {
                        // the thread ended meanwhile
                    }
                }
            }
            return n;
        }

        long cpuTicks() throws IOException {
            return ProcessComparison.cpuTicks(process.pid());
        }

        @Override
        public void close() {
            // A start script that does not exec (WildFly's standalone.sh) passes no signal on to its JVM.
            List<ProcessHandle> children = process.descendants().collect(Collectors.toList());
            children.forEach(ProcessHandle::destroy);
            process.destroy(); // SIGTERM: the shop's shutdown hook stops Tomcat
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    children.forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                children.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private void startup(String agent, Path demoJar, String redis, int round) throws IOException, InterruptedException {
        String label = "startup-" + agent + "-r" + (round + 1);
        try (Shop shop = new Shop(agent, demoJar, redis, label)) {
            double millis = shop.awaitFirstRequest();
            if (millis < 0) {
                fail(label, "no 200 from GET /api/products within " + START_TIMEOUT_SECONDS + " s (see " + runs.resolve(label) + ")");
                return;
            }
            double rssMb = shop.status("VmRSS")[0] / 1024.0;
            addStart("demo time to first request", agent, round, millis);
            addStart("demo CPU time to first request", agent, round, shop.cpuTicks() * (1000.0 / CLOCK_TICKS_PER_SECOND));
            reportCpuByThread("demo", "first request", ThreadCpu.ticks(shop.process.pid()),
                    ThreadCpu.mainWaitMillis(shop.process.pid()), agent, round, millis);
            report.add("demo RSS at first request", "MB", agent, rssMb);
            System.out.printf(Locale.ROOT, "%-28s %8.0f ms %7.1f MB%n", label, millis, rssMb);
        }
    }

    /**
     * One load run. With {@code nmt}, the shop runs with Native Memory Tracking and the run reports, instead of the
     * load's figures (which tracking would slow down a little), RSS and committed memory per NMT category after the load.
     */
    private void load(String agent, Path demoJar, String redis, int round, int connections, long warmupMillis,
                      long durationMillis, boolean fullMix, boolean nmt) throws IOException, InterruptedException {
        String label = (nmt ? "nmt-" : "load-") + agent + "-r" + (round + 1);
        try (Shop shop = nmt ? new Shop(agent, demoJar, redis, label, NativeMemory.FLAG) : new Shop(agent, demoJar, redis, label)) {
            if (shop.awaitFirstRequest() < 0) {
                fail(label, "no 200 from GET /api/products within " + START_TIMEOUT_SECONDS + " s (see " + runs.resolve(label) + ")");
                return;
            }
            String run = Long.toString(System.nanoTime(), 36);
            // Orders 1..10 exist before anything reads them; cache keys are primed so the load sees hits only.
            try (RawHttpConnection c = new RawHttpConnection("127.0.0.1", shop.port, 30_000)) {
                for (int i = 1; i <= 10; i++) {
                    c.exchange(RawHttpConnection.postForm("/api/orders", "productId=" + (i % 5 + 1) + "&quantity=1"));
                }
            }
            Mix warm = Mix.primed(shop.port, "w" + run, fullMix);
            LoadResult ignored = drive(shop.port, connections, warmupMillis, warm);
            if (ignored.failure != null) {
                fail(label, "warm-up: " + ignored.failure);
                return;
            }
            Mix measured = Mix.primed(shop.port, "m" + run, fullMix);
            long cpuBefore = shop.cpuTicks();
            LoadResult result = drive(shop.port, connections, durationMillis, measured);
            long cpuAfter = shop.cpuTicks();
            long[] memory = shop.status("VmRSS", "VmHWM");
            if (result.failure != null) {
                fail(label, result.failure);
                return;
            }
            if (nmt) {
                recordNativeMemory(agent, label, shop, memory[0]);
                return;
            }
            double seconds = result.nanos / 1e9;
            double throughput = result.histogram.getTotalCount() / seconds;
            double cpuMicrosPerRequest = (cpuAfter - cpuBefore) * (1e6 / CLOCK_TICKS_PER_SECOND) / result.histogram.getTotalCount();
            report.add("demo load throughput", "req/s", agent, throughput);
            report.add("demo load p50 latency", "ms", agent, result.histogram.getValueAtPercentile(50) / 1000.0);
            report.add("demo load p99 latency", "ms", agent, result.histogram.getValueAtPercentile(99) / 1000.0);
            report.add("demo load CPU per request", "us", agent, cpuMicrosPerRequest);
            report.add("demo RSS after load", "MB", agent, memory[0] / 1024.0);
            report.add("demo peak RSS (HWM)", "MB", agent, memory[1] / 1024.0);
            report.add("demo load unexpected statuses", "count", agent, result.errors);
            if (Agents.isVitals(agent)) {
                String why = shop.checkVitalsRecorded(result.histogram.getTotalCount());
                if (why != null) {
                    fail(label, why);
                    return;
                }
            }
            System.out.printf(Locale.ROOT, "%-28s %8.0f req/s  p50 %.2f ms  p99 %.2f ms  %.0f us CPU/req  RSS %.0f MB  errors %d%n",
                    label, throughput, result.histogram.getValueAtPercentile(50) / 1000.0,
                    result.histogram.getValueAtPercentile(99) / 1000.0, cpuMicrosPerRequest, memory[0] / 1024.0, result.errors);
        }
    }

    /** RSS and NMT's committed memory per category (Java Heap, Class, Thread, Code, GC, ...) after the load. */
    private void recordNativeMemory(String agent, String label, Shop shop, long rssKb) throws IOException, InterruptedException {
        long pid = shop.process.pid();
        String summary = NativeMemory.summary(pid);
        Map<String, Long> committed = NativeMemory.parse(summary);
        long[] counts = NativeMemory.counts(summary);
        report.add("demo NMT: RSS after load", "MB", agent, rssKb / 1024.0);
        report.add("demo NMT: Java heap used", "MB", agent, NativeMemory.heapUsedKb(pid) / 1024.0);
        report.add("demo NMT: threads", "count", agent, counts[1]);
        long ourThreads = shop.threadsNamed("vitals");
        report.add("demo NMT: threads named vitals-*", "count", agent, ourThreads);
        report.add("demo NMT: classes loaded", "count", agent, counts[0]);
        // Last: the histogram collects the heap first, which the figures above must not see.
        long[] live = NativeMemory.liveHeapBytes(pid, "dev.vitals.");
        report.add("demo NMT: live heap after full GC", "MB", agent, live[0] / (1024.0 * 1024));
        report.add("demo NMT: live dev.vitals.* objects (shallow)", "MB", agent, live[1] / (1024.0 * 1024));
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-28s RSS %.0f MB, NMT committed:", label, rssKb / 1024.0));
        for (Map.Entry<String, Long> e : committed.entrySet()) {
            if (e.getValue() >= 1024 || e.getKey().equals("Total")) { // categories under 1 MB would only lengthen the table
                report.add("demo NMT: " + e.getKey() + " committed", "MB", agent, e.getValue() / 1024.0);
                line.append(String.format(Locale.ROOT, " %s %.1f MB,", e.getKey(), e.getValue() / 1024.0));
            }
        }
        line.append(String.format(Locale.ROOT, " threads %d (vitals-* %d), classes %d, live heap %.1f MB (dev.vitals.* %.2f MB)",
                counts[1], ourThreads, counts[0], live[0] / (1024.0 * 1024), live[1] / (1024.0 * 1024)));
        System.out.println(line);
        if (Agents.isVitals(agent)) {
            String why = shop.checkVitalsRecorded(1);
            if (why != null) {
                fail(label, why);
            }
        }
    }

    /**
     * The big application ({@code integration-tests/big-app}: Spring Boot with MVC, Data JPA, HikariCP, H2,
     * Thymeleaf, JCache): ms from exec to the first 200 of {@code GET /} (a Thymeleaf page from JPA queries through
     * the cache), the process's CPU time (user+system, all threads) until then, and RSS then. CPU time depends far
     * less than wall time on what else the machine runs. With Vitals, its {@code /metrics} must show that request.
     */
    private void bigApp(String agent, Path bigAppJar, int round) throws IOException, InterruptedException {
        String label = "bigapp-" + agent + "-r" + (round + 1);
        Path scratch = Files.createDirectories(runs.resolve(label));
        int port = Agents.freePort();
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(jars.jvmArgs(agent, scratch));
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", bigAppJar.toString(), "--server.port=" + port, "--server.address=127.0.0.1"));
        try (Shop app = new Shop(label, command, Map.of(), port)) {
            double millis = app.awaitOk("/", START_TIMEOUT_SECONDS);
            if (millis < 0) {
                fail(label, "no 200 from GET / within " + START_TIMEOUT_SECONDS + " s (see " + scratch + ")");
                return;
            }
            reportFirstRequest(app, app.process.pid(), agent, round, "big app", "first request", millis);
        }
    }

    /**
     * The standalone Tomcat distribution with its bundled web applications and {@code bench.war}: ms from exec of
     * {@code catalina.sh run} to the first 200 of {@code /bench/ping.txt} (a static file: Tomcat has deployed every
     * application), then the first request of {@code /bench/index.jsp} (the JSP compiler loads and compiles the page
     * and its tag file), then of {@code /bench/second.jsp} (a compile with the compiler loaded), and RSS after them.
     */
    private void tomcat(String agent, StandaloneTomcat tomcat, int round) throws IOException, InterruptedException {
        String label = "tomcat-" + agent + "-r" + (round + 1);
        Path scratch = Files.createDirectories(runs.resolve(label));
        Path base = scratch.resolve("catalina-base");
        int port = Agents.freePort();
        tomcat.prepareBase(base, port);
        List<String> options = new ArrayList<>(jars.jvmArgs(agent, scratch));
        options.addAll(jvmArgs);
        try (Shop server = new Shop(label, tomcat.command(), tomcat.environment(base, options), port)) {
            double first = server.awaitOk("/bench/ping.txt", START_TIMEOUT_SECONDS);
            if (first < 0) {
                fail(label, "no 200 from GET /bench/ping.txt within " + START_TIMEOUT_SECONDS + " s (see " + scratch + ")");
                return;
            }
            long ticksAtFirst = server.cpuTicks();
            Map<ThreadCpu.Kind, Long> byThread = ThreadCpu.ticks(server.process.pid());
            double mainWait = ThreadCpu.mainWaitMillis(server.process.pid());
            double[] jsp = new double[2];
            String[] pages = {"/bench/index.jsp", "/bench/second.jsp?q=x"};
            try (RawHttpConnection c = new RawHttpConnection("127.0.0.1", port, START_TIMEOUT_SECONDS * 1000)) {
                for (int i = 0; i < pages.length; i++) {
                    long start = System.nanoTime();
                    int status = c.exchange(RawHttpConnection.get(pages[i]));
                    jsp[i] = (System.nanoTime() - start) / 1e6;
                    if (status != 200) {
                        fail(label, pages[i] + " answered " + status + " (see " + scratch + ")");
                        return;
                    }
                }
            }
            double jspCpuMillis = (server.cpuTicks() - ticksAtFirst) * (1000.0 / CLOCK_TICKS_PER_SECOND);
            double rssMb = server.status("VmRSS")[0] / 1024.0;
            addStart("Tomcat time to first 200", agent, round, first);
            addStart("Tomcat CPU time to first 200", agent, round, ticksAtFirst * (1000.0 / CLOCK_TICKS_PER_SECOND));
            reportCpuByThread("Tomcat", "first 200", byThread, mainWait, agent, round, first);
            addStart("Tomcat first JSP request (compile)", agent, round, jsp[0]);
            report.add("Tomcat second JSP request (compile)", "ms", agent, jsp[1]);
            report.add("Tomcat CPU time of both JSP requests", "ms", agent, jspCpuMillis);
            report.add("Tomcat RSS after the JSPs", "MB", agent, rssMb);
            System.out.printf(Locale.ROOT, "%-28s first 200 %6.0f ms (CPU %6.0f ms), JSP %6.0f ms, second JSP %5.0f ms (CPU of both %6.0f ms), RSS %5.0f MB%n",
                    label, first, ticksAtFirst * (1000.0 / CLOCK_TICKS_PER_SECOND), jsp[0], jsp[1], jspCpuMillis, rssMb);
            if (Agents.isVitals(agent)) {
                String why = server.checkVitalsRecorded(3);
                if (why != null) {
                    fail(label, why);
                }
            }
        }
    }

    /**
     * A WildFly distribution started with {@code bin/standalone.sh}, {@code bench.war} in its deployments directory:
     * ms from exec of the script to the first 200 of {@code /bench/ping.txt} (the server has started and deployed the
     * WAR), and the server JVM's CPU time and RSS then.
     */
    private void wildFly(String agent, StandaloneWildFly wildFly, Path war, int round) throws IOException, InterruptedException {
        String label = "wildfly-" + agent + "-r" + (round + 1);
        Path scratch = Files.createDirectories(runs.resolve(label));
        List<String> options = new ArrayList<>(jars.jvmArgs(agent, scratch));
        options.addAll(jvmArgs);
        Path base = scratch.resolve("server-base");
        wildFly.prepareBase(base, war, options);
        int port = Agents.freePort();
        try (Shop server = new Shop(label, wildFly.command(base, port), wildFly.environment(base), port)) {
            double first = server.awaitOk("/bench/ping.txt", START_TIMEOUT_SECONDS);
            if (first < 0) {
                fail(label, "no 200 from GET /bench/ping.txt within " + START_TIMEOUT_SECONDS + " s (see " + scratch + ")");
                return;
            }
            // standalone.sh runs the JVM as its child (it does not exec): measure that JVM.
            ProcessHandle jvm = server.process.descendants()
                    .filter(p -> p.info().commandLine().map(c -> c.contains("jboss-modules.jar")).orElse(false))
                    .findFirst().orElseThrow(() -> new IllegalStateException(label + ": no jboss-modules.jar JVM under standalone.sh"));
            reportFirstRequest(server, jvm.pid(), agent, round, "WildFly", "first 200", first);
        }
    }

    /**
     * {@code what}'s time to {@code event} ({@code millis}), with the CPU time and RSS of process {@code pid} then;
     * for Vitals, proof that the agent recorded the request.
     */
    private void reportFirstRequest(Shop server, long pid, String agent, int round, String what, String event, double millis)
            throws IOException, InterruptedException {
        double cpuMillis = cpuTicks(pid) * (1000.0 / CLOCK_TICKS_PER_SECOND);
        double rssMb = status(pid, "VmRSS")[0] / 1024.0;
        addStart(what + " time to " + event, agent, round, millis);
        addStart(what + " CPU time to " + event, agent, round, cpuMillis);
        reportCpuByThread(what, event, ThreadCpu.ticks(pid), ThreadCpu.mainWaitMillis(pid), agent, round, millis);
        report.add(what + " RSS at " + event, "MB", agent, rssMb);
        System.out.printf(Locale.ROOT, "%-28s %8.0f ms %8.0f ms CPU %7.1f MB%n", server.label, millis, cpuMillis, rssMb);
        if (Agents.isVitals(agent)) {
            String why = server.checkVitalsRecorded(1);
            if (why != null) {
                fail(server.label, why);
            }
        }
    }

    /**
     * A start's time or CPU time (ms) in round {@code round}, also compared round by round with the baselines: one start
     * of the same application moves by more than the goal between runs, and the machine's speed drifts during a run.
     */
    private void addStart(String metric, String agent, int round, double millis) {
        report.pairByRound(metric);
        report.add(metric, "ms", agent, round, millis);
    }

    /**
     * One row per kind of thread (the CPU each kind of thread has spent by {@code event}), and two rows that say how that
     * CPU became start time. The JIT compiler threads keep about one core busy until the first request whatever agent is
     * attached, so what they add is the longer start itself; the CPU outside them is what delays it, compared round by
     * round. The main thread's wait for a core ({@code mainWaitMillis}, -1 if unknown) is how other threads' CPU became
     * its delay.
     */
    private void reportCpuByThread(String what, String event, Map<ThreadCpu.Kind, Long> ticks, double mainWaitMillis,
                                   String agent, int round, double startMillis) {
        double msPerTick = 1000.0 / CLOCK_TICKS_PER_SECOND;
        for (Map.Entry<ThreadCpu.Kind, Long> kind : ticks.entrySet()) {
            report.add(what + " CPU to " + event + ": " + kind.getKey().label, "ms", agent, kind.getValue() * msPerTick);
        }
        addStart(what + " CPU outside the JIT compiler threads to " + event, agent, round,
                ThreadCpu.outsideCompilers(ticks) * msPerTick);
        report.add(what + " JIT compiler threads' cores until " + event, "cores", agent,
                ThreadCpu.cores(ticks.get(ThreadCpu.Kind.COMPILER) * msPerTick, startMillis));
        if (mainWaitMillis >= 0) {
            addStart(what + " main thread's wait for a core until " + event, agent, round, mainWaitMillis);
        }
    }

    /** {@code keys}' values (kB, counts) in {@code /proc/<pid>/status}. */
    static long[] status(long pid, String... keys) throws IOException {
        long[] values = new long[keys.length];
        for (String line : Files.readAllLines(Paths.get("/proc/" + pid + "/status"))) {
            for (int i = 0; i < keys.length; i++) {
                if (line.startsWith(keys[i] + ":")) {
                    values[i] = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        }
        return values;
    }

    /** User and system CPU time of process {@code pid}, in clock ticks. */
    static long cpuTicks(long pid) throws IOException {
        return ThreadCpu.ticksOf(Files.readString(Paths.get("/proc/" + pid + "/stat")));
    }

    /** The fixed request mix: ten prebuilt requests per cycle, cycled with different ids per connection. */
    static final class Mix {
        final byte[][] productById = new byte[5][];
        final byte[] productList = RawHttpConnection.get("/api/products");
        final byte[][] cacheGet = new byte[20][];
        final byte[][] placeOrder = new byte[5][];
        final byte[][] orderStatus = new byte[10][];

        final boolean full;

        private Mix(String keyPrefix, boolean full) {
            this.full = full;
            for (int i = 0; i < 5; i++) {
                productById[i] = RawHttpConnection.get("/api/products/" + (i + 1));
                placeOrder[i] = RawHttpConnection.postForm("/api/orders", "productId=" + (i + 1) + "&quantity=1");
            }
            for (int i = 0; i < cacheGet.length; i++) {
                cacheGet[i] = RawHttpConnection.get("/api/cache/" + keyPrefix + "-" + i);
            }
            for (int i = 0; i < 10; i++) {
                orderStatus[i] = RawHttpConnection.get("/api/orders/" + (i + 1));
            }
        }

        /** A mix whose cache keys have just been loaded, so every cache GET of the next 60 s is a hit. */
        static Mix primed(int port, String keyPrefix, boolean full) throws IOException {
            Mix mix = new Mix(keyPrefix, full);
            try (RawHttpConnection c = new RawHttpConnection("127.0.0.1", port, 30_000)) {
                for (byte[] request : mix.cacheGet) {
                    int status = c.exchange(request);
                    if (status != 200) {
                        throw new IOException("priming the cache answered " + status + " (is Redis reachable from the shop?)");
                    }
                }
            }
            return mix;
        }

        /** Request number {@code n} of a connection. */
        byte[] request(long n) {
            int k = (int) (n / 10);
            if (!full) {
                return switch ((int) (n % 10)) {
                    case 0, 3, 6, 9 -> productById[k % 5];
                    case 1, 5 -> productList;
                    default -> cacheGet[(int) ((n / 2) % cacheGet.length)]; // 2, 4, 7, 8
                };
            }
            return switch ((int) (n % 10)) {
                case 0, 3, 7 -> productById[k % 5];
                case 1, 8 -> productList;
                case 2, 6 -> cacheGet[(int) ((n / 2) % cacheGet.length)];
                case 4 -> placeOrder[k % 5];
                default -> orderStatus[k % 10]; // 5, 9
            };
        }
    }

    static final class LoadResult {
        Histogram histogram;
        long nanos;
        long errors;
        String failure;
    }

    /** A closed loop: each connection sends its next request as soon as the previous answer has arrived. */
    static LoadResult drive(int port, int connections, long millis, Mix mix) throws InterruptedException {
        Histogram[] histograms = new Histogram[connections];
        long[] errors = new long[connections];
        AtomicReference<String> failure = new AtomicReference<>();
        Thread[] threads = new Thread[connections];
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(millis);
        for (int t = 0; t < connections; t++) {
            int id = t;
            histograms[t] = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
            threads[t] = new Thread(() -> {
                try (RawHttpConnection c = new RawHttpConnection("127.0.0.1", port, 30_000)) {
                    long n = id * 7L; // connections start at different points of the mix
                    long now = System.nanoTime();
                    while (now < deadline) {
                        byte[] request = mix.request(n++);
                        int status = c.exchange(request);
                        long end = System.nanoTime();
                        histograms[id].recordValue(Math.max(1, Math.min((end - now) / 1000, TimeUnit.SECONDS.toMicros(60))));
                        if (status != 200 && status != 201) {
                            errors[id]++;
                        }
                        now = end;
                    }
                } catch (IOException | RuntimeException e) {
                    failure.compareAndSet(null, "connection " + id + ": " + e);
                }
            }, "load-" + t);
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        LoadResult result = new LoadResult();
        result.nanos = System.nanoTime() - start;
        result.histogram = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        for (int t = 0; t < connections; t++) {
            result.histogram.add(histograms[t]);
            result.errors += errors[t];
        }
        result.failure = failure.get();
        return result;
    }

    interface Run {
        void run() throws IOException, InterruptedException;
    }

    /** Runs one measurement; an I/O failure (a read timing out on a very busy machine) fails that run, not the rest. */
    private void guarded(String label, Run run) throws InterruptedException {
        try {
            run.run();
        } catch (IOException e) {
            fail(label, e.toString());
        }
    }

    private void fail(String label, String why) {
        System.out.println(label + " FAILED: " + why);
        failures.add(label + ": " + why);
    }

    private static String tail(String s) {
        String[] lines = s.split("\n");
        return String.join(" | ", Arrays.asList(lines).subList(Math.max(0, lines.length - 5), lines.length));
    }
}

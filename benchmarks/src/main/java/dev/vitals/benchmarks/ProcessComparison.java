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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * </ol>
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
            "  --agents LIST         none,empty,vitals,otel,elastic or all (default all)",
            "  --parts LIST          hello,startup,load (default all three)",
            "  --runs N              Hello World and demo-start runs per agent, interleaved (default 7)",
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
            "  --out DIR             where to write process.csv/json/txt and runs/ (default benchmarks/target/results)");

    private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux x86 and arm64

    private final Agents jars;
    private final List<String> jvmArgs = new ArrayList<>();
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
                "connections", "mix", "demo-jar", "redis", "jvm-args", "out"), Set.of("quick"), USAGE);
        boolean quick = args.flag("quick");
        List<String> agents = Agents.parse(args.get("agents", quick ? "none,empty,vitals" : "all"));
        List<String> parts = Arrays.asList(args.get("parts", "hello,startup,load").split(","));
        for (String part : parts) {
            if (!Set.of("hello", "startup", "load").contains(part)) {
                throw new IllegalArgumentException("unknown part '" + part + "'; known: hello,startup,load");
            }
        }
        int runCount = args.getInt("runs", quick ? 1 : 7, 1, 1000);
        int loadRounds = args.getInt("load-rounds", quick ? 1 : 3, 1, 100);
        long warmupMillis = args.getMillis("load-warmup", quick ? 2_000 : 20_000);
        long durationMillis = args.getMillis("load-duration", quick ? 3_000 : 30_000);
        if (warmupMillis > 50_000 || durationMillis > 50_000 || durationMillis < 1_000) {
            throw new IllegalArgumentException("--load-warmup and --load-duration must be at most 50s (the demo's cached"
                    + " keys live 60 s; a miss sleeps 20 ms), and --load-duration at least 1s");
        }
        int connections = args.getInt("connections", 4, 1, 256);
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
        if ((parts.contains("startup") || parts.contains("load")) && !Files.isRegularFile(demoJar)) {
            throw new IllegalStateException("the demo shop jar is missing at " + demoJar
                    + ": build it with mvn -B -q install -DskipTests (from the repository root)");
        }
        if (parts.contains("hello") && !Files.isExecutable(Paths.get("/usr/bin/time"))) {
            throw new IllegalStateException("/usr/bin/time is missing (it measures peak RSS): apt-get install time");
        }
        if (parts.contains("load")) {
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
        environment.put("runs", runCount + " Hello World and demo-start runs, " + loadRounds + " load rounds per agent");
        environment.put("load", mixName + " mix, " + connections + " connections, " + warmupMillis + " ms warm-up, " + durationMillis + " ms measured");
        Report report = new Report("Whole process" + (quick ? ", quick smoke mode (figures not meaningful)" : "")
                + ": medians of " + runCount + " interleaved runs (Hello World, demo start) and " + loadRounds
                + " interleaved load rounds of " + warmupMillis + " ms warm-up + " + durationMillis + " ms", agents);
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

        if (parts.contains("hello")) {
            Path helloDir = comparison.extractHello();
            for (int r = 0; r < runCount; r++) {
                for (String agent : rotate(agents, r)) {
                    comparison.hello(agent, helloDir, r);
                }
            }
        }
        if (parts.contains("startup")) {
            for (int r = 0; r < runCount; r++) {
                for (String agent : rotate(agents, r)) {
                    comparison.startup(agent, demoJar, redis, r);
                }
            }
        }
        if (parts.contains("load")) {
            for (int r = 0; r < loadRounds; r++) {
                for (String agent : rotate(agents, r)) {
                    comparison.load(agent, demoJar, redis, r, connections, warmupMillis, durationMillis, fullMix);
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

    static List<String> rotate(List<String> agents, int round) {
        List<String> order = new ArrayList<>();
        for (int i = 0; i < agents.size(); i++) {
            order.add(agents.get((i + round) % agents.size()));
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
        List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "VITALS_BENCH_TIME %e %M", java.toString()));
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
        report.add("Hello World wall time", "ms", agent, wallMillis);
        report.add("Hello World peak RSS", "MB", agent, rssMb);
        System.out.printf(Locale.ROOT, "%-28s %8.0f ms %7.1f MB%n", label, wallMillis, rssMb);
    }

    /** A running demo shop. */
    private final class Shop implements AutoCloseable {
        final Process process;
        final int port;
        final long startNanos;
        final String label;

        Shop(String agent, Path demoJar, String redis, String label) throws IOException {
            this.label = label;
            Path scratch = Files.createDirectories(runs.resolve(label));
            port = Agents.freePort();
            List<String> command = new ArrayList<>(List.of(java.toString()));
            command.addAll(jars.jvmArgs(agent, scratch));
            command.addAll(jvmArgs);
            command.addAll(List.of("-jar", demoJar.toString(), "--port=" + port, "--redis=" + redis));
            startNanos = System.nanoTime();
            process = new ProcessBuilder(command).directory(scratch.toFile())
                    .redirectOutput(scratch.resolve("stdout.txt").toFile())
                    .redirectError(scratch.resolve("stderr.txt").toFile()).start();
        }

        /** Polls GET /api/products every 5 ms until it answers 200; returns ms from exec, or -1. */
        double awaitFirstRequest() throws InterruptedException {
            byte[] request = RawHttpConnection.get("/api/products");
            long deadline = startNanos + TimeUnit.SECONDS.toNanos(120);
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
            long[] values = new long[keys.length];
            for (String line : Files.readAllLines(Paths.get("/proc/" + process.pid() + "/status"))) {
                for (int i = 0; i < keys.length; i++) {
                    if (line.startsWith(keys[i] + ":")) {
                        values[i] = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            }
            return values;
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
                String log = Files.readString(runs.resolve(label).resolve("stderr.txt"));
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
                servlet = sum(body, "http_server_request_duration_seconds_count");
                if (servlet >= requests) {
                    break;
                }
            }
            double db = sum(body, "db_client_operation_duration_seconds_count");
            double client = sum(body, "http_client_request_duration_seconds_count");
            System.out.printf(Locale.ROOT, "%-28s Vitals recorded %.0f servlet requests, %.0f database calls, %.0f HTTP-client calls%n",
                    label, servlet, db, client);
            return servlet >= requests ? null
                    : "the Vitals agent recorded " + servlet + " servlet requests, fewer than the " + requests + " measured";
        }

        private static double sum(String exposition, String name) {
            double total = 0;
            for (String line : exposition.split("\n")) {
                if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                    total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return total;
        }

        long cpuTicks() throws IOException {
            String stat = Files.readString(Paths.get("/proc/" + process.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        }

        @Override
        public void close() {
            process.destroy(); // SIGTERM: the shop's shutdown hook stops Tomcat
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
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
                fail(label, "no 200 from GET /api/products within 120 s (see " + runs.resolve(label) + ")");
                return;
            }
            double rssMb = shop.status("VmRSS")[0] / 1024.0;
            report.add("demo time to first request", "ms", agent, millis);
            report.add("demo RSS at first request", "MB", agent, rssMb);
            System.out.printf(Locale.ROOT, "%-28s %8.0f ms %7.1f MB%n", label, millis, rssMb);
        }
    }

    private void load(String agent, Path demoJar, String redis, int round, int connections, long warmupMillis,
                      long durationMillis, boolean fullMix) throws IOException, InterruptedException {
        String label = "load-" + agent + "-r" + (round + 1);
        try (Shop shop = new Shop(agent, demoJar, redis, label)) {
            if (shop.awaitFirstRequest() < 0) {
                fail(label, "no 200 from GET /api/products within 120 s (see " + runs.resolve(label) + ")");
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
            if (agent.equals("vitals")) {
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

    private void fail(String label, String why) {
        System.out.println(label + " FAILED: " + why);
        failures.add(label + ": " + why);
    }

    private static String tail(String s) {
        String[] lines = s.split("\n");
        return String.join(" | ", Arrays.asList(lines).subList(Math.max(0, lines.length - 5), lines.length));
    }
}

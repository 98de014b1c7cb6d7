package dev.vitals.it;

import org.junit.jupiter.api.Assertions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Apache Tomcat distribution (the Maven artifact {@code org.apache.tomcat:tomcat}, tar.gz) started the way
 * users start it: {@code bin/catalina.sh run}, with {@code -javaagent:vitals-agent.jar} in {@code CATALINA_OPTS}.
 *
 * <p>The tarball is unpacked once per test JVM into {@code target/tomcat/apache-tomcat-<version>}, which serves as
 * {@code CATALINA_HOME}. Each started server gets its own fresh {@code CATALINA_BASE} (conf, lib, logs, temp,
 * webapps, work) with {@code server.xml} rewritten: the HTTP connector on a free port, the shutdown port off
 * ({@code -1}; the server is stopped by SIGTERM, which runs Tomcat's shutdown hook) and no AJP or TLS connector.
 * {@code webapps} holds only the WARs given (and the manager application when asked for), so a request outside
 * every context gets Tomcat's own 404.
 *
 * <pre>{@code
 * try (TomcatDistribution tomcat = TomcatDistribution.builder()
 *         .war("app", Paths.get(System.getProperty("vitals.test.war")))
 *         .libJar(postgresDriver)
 *         .awaitPath("/app/health")
 *         .start()) {
 *     tomcat.get("/app/items/1");          // the application
 *     tomcat.agent().get("/metrics");      // the agent's listener
 * }
 * }</pre>
 *
 * <p>The tarball comes from the system property {@code vitals.tomcat.dist} (a test module copies it there with
 * maven-dependency-plugin, so CI downloads it once into {@code ~/.m2}). {@link #close()} always stops the whole
 * process tree. Not thread-safe for configuration; the running server's accessors may be called from any thread.
 */
public final class TomcatDistribution implements AutoCloseable {
    /** Tomcat's line once every context is started: {@code Server startup in [1234] milliseconds}. */
    public static final Pattern STARTED = Pattern.compile("Server startup in \\[?\\d+");
    /** How long {@link Builder#start()} waits for the server and its first 200. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final AgentProcess process;
    private final Path home;
    private final Path base;
    private final int httpPort;

    private TomcatDistribution(AgentProcess process, Path home, Path base, int httpPort) {
        this.process = process;
        this.home = home;
        this.base = base;
        this.httpPort = httpPort;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The process started by {@code catalina.sh run}: its output, the agent's port and listener. */
    public AgentProcess agent() {
        return process;
    }

    /** The JVM's process id ({@code catalina.sh run} execs {@code java}, so it is the script's pid). */
    public long pid() {
        return process.pid();
    }

    public Path home() {
        return home;
    }

    public Path base() {
        return base;
    }

    public int httpPort() {
        return httpPort;
    }

    /** {@code http://127.0.0.1:<connector port><path>}. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** GET from Tomcat's HTTP connector. */
    public HttpResult get(String path) {
        return Http.get(uri(path));
    }

    /** GET from Tomcat's HTTP connector with request headers. */
    public HttpResult get(String path, Map<String, String> headers) {
        return Http.get(uri(path), headers);
    }

    /** GET with a longer timeout than {@link Http#TIMEOUT}: a JSP's first request compiles it, which may take long on a busy machine. */
    public HttpResult get(String path, Duration timeout) {
        return get(path, Map.of(), timeout);
    }

    /** GET with request headers and a longer timeout (a manager reload, a first request that loads a driver). */
    public HttpResult get(String path, Map<String, String> headers, Duration timeout) {
        return Http.send("GET", uri(path), null, headers, timeout);
    }

    /** Any method against Tomcat's HTTP connector; {@code body} may be {@code null}. */
    public HttpResult send(String method, String path, String body, Map<String, String> headers) {
        return Http.send(method, uri(path), body, headers);
    }

    /**
     * Copies {@code war} into {@code webapps} as {@code <context>.war} (atomically, so the deployer never reads a
     * half-written file); Tomcat's host deploys it on its next background run (every 10 s by default).
     */
    public void deploy(String context, Path war) {
        copyWar(base.resolve("webapps"), context, war);
    }

    /** Polls {@code path} until it answers 200; fails with the server's output after {@code timeout}. */
    public void awaitOk(String path, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("Tomcat ended before " + path + " answered 200 (" + last + ")" + process.describe());
            }
            try {
                HttpResult r = get(path);
                if (r.status() == 200) {
                    return;
                }
                last = "HTTP " + r.status();
            } catch (UncheckedIOException e) {
                last = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " did not answer 200 within " + timeout.toSeconds() + " s (last: " + last + ")"
                        + process.describe());
            }
            sleep(200);
        }
    }

    /**
     * Live instances per class whose name starts with {@code classNamePrefix}, from {@code jcmd <pid>
     * GC.class_histogram}, which runs a full GC first: what it counts is reachable.
     */
    public Map<String, Long> liveInstances(String classNamePrefix) {
        return Jcmd.liveInstances(pid(), classNamePrefix);
    }

    /** Stops Tomcat (SIGTERM, so its shutdown hook runs; SIGKILL after 20 s) and every process it started. */
    @Override
    public void close() {
        process.close(Duration.ofSeconds(20));
    }

    @Override
    public String toString() {
        return "Tomcat " + home.getFileName() + " on port " + httpPort + " (" + process + ", base " + base + ")";
    }

    private static void copyWar(Path webapps, String context, Path war) {
        String name = context.isEmpty() || context.equals("/") ? "ROOT" : context.replaceFirst("^/", "").replace('/', '#');
        try {
            Path tmp = Files.createTempFile(webapps.getParent().resolve("temp"), name, ".war.part");
            Files.copy(war, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, webapps.resolve(name + ".war"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot deploy " + war, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** What to start. Not thread-safe; use one per server. */
    public static final class Builder {
        private Path distribution;
        private final AgentFlag agent = new AgentFlag();
        private final List<String> options = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, Path> wars = new LinkedHashMap<>();
        private final List<Path> libJars = new ArrayList<>();
        private final List<String> users = new ArrayList<>();
        private boolean manager;
        private String awaitPath;
        private String name = "tomcat";

        private Builder() {
        }

        /** The tarball; defaults to the system property {@code vitals.tomcat.dist}. */
        public Builder distribution(Path tarGz) {
            this.distribution = tarGz;
            return this;
        }

        /** Starts Tomcat without {@code -javaagent}. */
        public Builder withoutAgent() {
            agent.disable();
            return this;
        }

        /** The agent jar; defaults to {@link Jars#agent()}. */
        public Builder agentJar(Path agentJar) {
            agent.jar(agentJar);
            return this;
        }

        /** Sets (or, with {@code null}, removes) one agent argument; {@code exporter.port=0} and a fresh {@code data.dir} by default. */
        public Builder agentArg(String key, String value) {
            agent.arg(key, value);
            return this;
        }

        /** A JVM option added to {@code CATALINA_OPTS} (quoted, so it may hold any character). */
        public Builder catalinaOpt(String option) {
            options.add(option);
            return this;
        }

        /** A {@code -D} option in {@code CATALINA_OPTS}; Tomcat also substitutes {@code ${key}} in its XML files. */
        public Builder systemProperty(String key, String value) {
            return catalinaOpt("-D" + key + "=" + value);
        }

        /** An environment variable for {@code catalina.sh} (on top of this JVM's, less any {@code VITALS_*}). */
        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        /** Deploys {@code war} at context path {@code /context} ({@code ""} for the root context) before the start. */
        public Builder war(String context, Path war) {
            wars.put(context, war);
            return this;
        }

        /** A jar for {@code $CATALINA_BASE/lib} (the common class loader), for example a JDBC driver. */
        public Builder libJar(Path jar) {
            libJars.add(jar);
            return this;
        }

        /** A user of {@code tomcat-users.xml} with comma-separated {@code roles}. */
        public Builder user(String username, String password, String roles) {
            users.add("  <user username=\"" + xml(username) + "\" password=\"" + xml(password) + "\" roles=\"" + xml(roles) + "\"/>");
            return this;
        }

        /** Deploys Tomcat's manager application at {@code /manager} (add a user with role {@code manager-script} to use it). */
        public Builder manager() {
            this.manager = true;
            return this;
        }

        /** A path that {@link #start()} waits for until it answers 200, after Tomcat's startup line. */
        public Builder awaitPath(String path) {
            this.awaitPath = path;
            return this;
        }

        /** The prefix of echoed output lines. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Starts the server and waits for its startup line, the agent's line and {@link #awaitPath}'s first 200. */
        public TomcatDistribution start() {
            Path home = unpacked(distribution != null ? distribution : distributionFromProperty());
            Path base = AgentProcess.tempDir("catalina-base-");
            int port = AgentProcess.freePort();
            try {
                prepareBase(home, base, port);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare CATALINA_BASE " + base, e);
            }

            List<String> opts = new ArrayList<>();
            opts.add("-XX:ErrorFile=" + base.resolve("logs/hs_err_pid%p.log"));
            String agentOption = agent.option(() -> base.resolve("vitals-data"));
            if (agentOption != null) {
                opts.add(agentOption);
            }
            opts.addAll(options);

            Map<String, String> environment = new LinkedHashMap<>();
            environment.put("JAVA_HOME", System.getProperty("java.home"));
            environment.put("CATALINA_HOME", home.toString());
            environment.put("CATALINA_BASE", base.toString());
            environment.put("CATALINA_PID", "");
            environment.put("JAVA_OPTS", "");
            // catalina.sh evals CATALINA_OPTS: quote each option so that ';', '$' or spaces reach the JVM as they are.
            environment.put("CATALINA_OPTS", opts.stream().map(Builder::shellQuote).collect(Collectors.joining(" ")));
            environment.putAll(env);

            AgentProcess process = AgentProcess.exec(name, List.of("sh", home.resolve("bin/catalina.sh").toString(), "run"),
                    environment, base);
            TomcatDistribution tomcat = new TomcatDistribution(process, home, base, port);
            try {
                process.awaitOutput(STARTED, START_TIMEOUT);
                if (agent.enabled()) {
                    process.agentPort();
                }
                if (awaitPath != null) {
                    tomcat.awaitOk(awaitPath, START_TIMEOUT);
                }
                return tomcat;
            } catch (RuntimeException | Error e) {
                tomcat.close();
                throw e;
            }
        }

        private void prepareBase(Path home, Path base, int port) throws IOException {
            for (String dir : List.of("conf", "lib", "logs", "temp", "webapps", "work")) {
                Files.createDirectories(base.resolve(dir));
            }
            try (Stream<Path> conf = Files.list(home.resolve("conf"))) {
                for (Path file : conf.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, base.resolve("conf").resolve(file.getFileName()));
                }
            }
            Path serverXml = base.resolve("conf/server.xml");
            String server = Files.readString(serverXml, StandardCharsets.UTF_8)
                    .replaceAll("<!--(?s:.*?)-->", "")
                    .replaceFirst("<Server port=\"\\d+\"", "<Server port=\"-1\"")
                    .replaceFirst("<Connector port=\"\\d+\" protocol=\"HTTP/1.1\"",
                            "<Connector port=\"" + port + "\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\"");
            if (!server.contains("<Server port=\"-1\"") || !server.contains("port=\"" + port + "\"")) {
                Assertions.fail("unexpected conf/server.xml in " + home + ": cannot set the ports");
            }
            Files.writeString(serverXml, server, StandardCharsets.UTF_8);
            Files.writeString(base.resolve("conf/tomcat-users.xml"),
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tomcat-users xmlns=\"http://tomcat.apache.org/xml\" version=\"1.0\">\n"
                            + String.join("\n", users) + "\n</tomcat-users>\n", StandardCharsets.UTF_8);
            for (Path jar : libJars) {
                Files.copy(jar, base.resolve("lib").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            if (manager) {
                copyTree(home.resolve("webapps/manager"), base.resolve("webapps/manager"));
            }
            for (Map.Entry<String, Path> war : wars.entrySet()) {
                copyWar(base.resolve("webapps"), war.getKey(), war.getValue());
            }
        }

        private static String xml(String s) {
            return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
        }

        private static String shellQuote(String s) {
            return "'" + s.replace("'", "'\\''") + "'";
        }
    }

    private static Path distributionFromProperty() {
        String property = System.getProperty("vitals.tomcat.dist");
        if (property == null || !Files.isRegularFile(Paths.get(property))) {
            Assertions.fail("the Tomcat distribution is missing (system property vitals.tomcat.dist=" + property
                    + "): the test module's pom copies org.apache.tomcat:tomcat:tar.gz there; run the module through Maven");
        }
        return Paths.get(property);
    }

    /** Unpacks {@code tarGz} once (with the system's {@code tar}, which keeps the scripts' modes) and returns CATALINA_HOME. */
    private static synchronized Path unpacked(Path tarGz) {
        String version = tarGz.getFileName().toString().replaceAll("\\.tar\\.gz$", "");
        Path root = Paths.get(System.getProperty("vitals.it.tmp", System.getProperty("java.io.tmpdir"))).toAbsolutePath()
                .resolve("tomcat").resolve(version);
        Path marker = root.resolve(".unpacked");
        try {
            if (!Files.exists(marker)) {
                deleteTree(root);
                Files.createDirectories(root);
                Process tar = new ProcessBuilder("tar", "xzf", tarGz.toAbsolutePath().toString(), "-C", root.toString())
                        .redirectErrorStream(true).start();
                String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!tar.waitFor(120, TimeUnit.SECONDS) || tar.exitValue() != 0) {
                    Assertions.fail("cannot unpack " + tarGz + ": " + out);
                }
                Files.writeString(marker, tarGz.toString());
            }
            try (Stream<Path> dirs = Files.list(root)) {
                return dirs.filter(d -> Files.isRegularFile(d.resolve("bin/catalina.sh"))).findFirst()
                        .orElseThrow(() -> new AssertionError("no bin/catalina.sh in " + tarGz));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}

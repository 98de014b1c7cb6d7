package dev.vitals.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A separate JVM, usually with the real {@code -javaagent:vitals-agent.jar}: {@code <java> [-javaagent:<jar>[=args]]
 * [jvm options] -cp <class path> <main class> [args]}, or {@code -jar <jar> [args]}.
 *
 * <p>Defaults: the {@code java} of the JVM running the tests; the test class path (so main classes under
 * {@code src/test/java} run in the child); agent arguments {@code exporter.port=0} and a fresh
 * {@code data.dir}; an environment without any inherited {@code VITALS_*} variable. Both output streams are
 * captured (and echoed, prefixed, to this JVM's stdout). {@link #close()} ends the process, so use
 * try-with-resources.
 *
 * <p>Thread-safe: output is collected by two daemon threads; every accessor may be called from any thread.
 */
public final class AgentProcess implements AutoCloseable {
    /**
     * The agent's start line on stderr, {@code [vitals] INFO Vitals <version> listening on http://<host>:<port>/}.
     * Anchored on the {@code [vitals]} prefix because applications announce their own ports the same way.
     */
    public static final Pattern LISTENING = Pattern.compile("^\\[vitals] .*listening on https?://[^\\s/]+:(\\d+)/");
    /** How long {@link #agentPort()} waits for the agent's start line. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String name;
    private final List<String> command;
    private final Process process;
    private final Object lock = new Object();
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    /** Every line read so far, in arrival order, with the stream it came from. */
    private final List<Line> lines = new ArrayList<>();
    private int openStreams = 2;
    private volatile int agentPort;

    private AgentProcess(String name, List<String> command, Process process) {
        this.name = name;
        this.command = command;
        this.process = process;
        pump(process.getInputStream(), stdout, "out");
        pump(process.getErrorStream(), stderr, "err");
    }

    /** A child JVM running {@code mainClass} from the test class path. */
    public static Builder main(Class<?> mainClass) {
        return new Builder().mainClass(mainClass.getName());
    }

    /** A child JVM running {@code java -jar jar}. */
    public static Builder jar(Path jar) {
        return new Builder().jar(jar);
    }

    /**
     * Starts any command, for example a server's own launch script, and captures its output like a JVM started
     * with {@link #main}. The environment is this JVM's, less any {@code VITALS_*} variable, plus {@code env}.
     * {@link #close()} stops the whole process tree.
     */
    public static AgentProcess exec(String name, List<String> command, Map<String, String> env, Path workDir) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("VITALS_"));
        pb.environment().putAll(env);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        try {
            Process process = pb.start();
            process.getOutputStream().close();
            System.out.println("[" + name + "] started pid " + process.pid() + ": " + String.join(" ", command));
            return new AgentProcess(name, List.copyOf(command), process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    /**
     * A port nothing listens on, for a refused connection. It lies below the kernel's ephemeral range, so that no
     * later bind to port 0 (a child's agent or control port, another test's server) can be handed it, as a port
     * from {@link #freePort()} can once it is released.
     */
    public static int closedPort() {
        int below = ephemeralRangeStart();
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(below - 8000, below);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // Something listens there: try another.
            }
        }
        throw new IllegalStateException("no closed port found below " + below);
    }

    private static int ephemeralRangeStart() {
        try {
            // By line: Files.readString trusts the size /proc reports and returns part of the range.
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            int start = Integer.parseInt(range.split("\\s+")[0]);
            return start > 10000 ? start : 32768;
        } catch (IOException | RuntimeException notLinux) {
            return 32768;
        }
    }

    /** A port that was free a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new empty directory under {@code target/it-tmp} (or the system temp directory outside Maven). */
    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(tempRoot(), prefix).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempRoot() {
        try {
            return Files.createDirectories(Paths.get(System.getProperty("vitals.it.tmp", System.getProperty("java.io.tmpdir"))))
                    .toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Line(boolean stderr, String text) {
    }

    private void pump(InputStream in, StringBuilder sink, String stream) {
        Thread t = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    System.out.println("[" + name + " " + stream + "] " + line);
                    synchronized (lock) {
                        sink.append(line).append('\n');
                        lines.add(new Line(sink == stderr, line));
                        lock.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process is gone; what was read is kept
            } finally {
                synchronized (lock) {
                    openStreams--;
                    lock.notifyAll();
                }
            }
        }, name + "-" + stream);
        t.setDaemon(true);
        t.start();
    }

    /** Everything the child wrote to stdout so far. */
    public String stdout() {
        synchronized (lock) {
            return stdout.toString();
        }
    }

    /** Everything the child wrote to stderr so far. */
    public String stderr() {
        synchronized (lock) {
            return stderr.toString();
        }
    }

    /**
     * Waits until a line of stdout or stderr contains {@code pattern} and returns the match. Fails with the
     * output when the time runs out or the process ends first.
     */
    public MatchResult awaitOutput(Pattern pattern, Duration timeout) {
        return await(pattern, timeout, false);
    }

    /** Like {@link #awaitOutput}, for lines of stderr only. */
    public MatchResult awaitStderr(Pattern pattern, Duration timeout) {
        return await(pattern, timeout, true);
    }

    private MatchResult await(Pattern pattern, Duration timeout, boolean stderrOnly) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        synchronized (lock) {
            while (true) {
                for (; checked < lines.size(); checked++) {
                    Line line = lines.get(checked);
                    if (stderrOnly && !line.stderr()) {
                        continue;
                    }
                    Matcher m = pattern.matcher(line.text());
                    if (m.find()) {
                        return m.toMatchResult();
                    }
                }
                if (openStreams == 0) {
                    throw new AssertionError("the process ended without printing /" + pattern + "/" + describe());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no /" + pattern + "/ within " + timeout.toMillis() + " ms" + describe());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /** The agent's port, read from its start line (waiting up to {@link #START_TIMEOUT} for it). */
    public int agentPort() {
        if (agentPort == 0) {
            agentPort = Integer.parseInt(awaitStderr(LISTENING, START_TIMEOUT).group(1));
        }
        return agentPort;
    }

    /** {@code http://127.0.0.1:<agent port><path>}. */
    public URI agentUri(String path) {
        return URI.create("http://127.0.0.1:" + agentPort() + path);
    }

    /** GET from the agent's listener. */
    public HttpResult get(String path) {
        return Http.get(agentUri(path));
    }

    /** GET from the agent's listener with request headers. */
    public HttpResult get(String path, Map<String, String> headers) {
        return Http.get(agentUri(path), headers);
    }

    /** POST to the agent's listener. */
    public HttpResult post(String path, String body, Map<String, String> headers) {
        return Http.post(agentUri(path), body, headers);
    }

    /** Any method against the agent's listener; {@code body} may be {@code null}. */
    public HttpResult send(String method, String path, String body, Map<String, String> headers) {
        return Http.send(method, agentUri(path), body, headers);
    }

    /**
     * Waits for the process to exit and for its output to be read completely, and returns the exit code.
     * Fails with the output when it is still running after {@code timeout}.
     */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the process did not exit within " + timeout.toMillis() + " ms" + describe());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            synchronized (lock) {
                while (openStreams > 0 && System.nanoTime() < deadline) {
                    lock.wait(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Kills the process and its descendants without letting them run shutdown hooks (SIGKILL on Unix), and waits. */
    public void kill9() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Asks the process to stop (SIGTERM), and kills it and its descendants if it has not stopped 5 s later.
     * Descendants still alive after it stopped (a launch script's children) are killed too.
     */
    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    /** Like {@link #close()}, waiting up to {@code grace} for a clean stop. */
    public void close(Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill9();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill9();
            }
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    /** The command line and both outputs, for assertion messages. */
    public String describe() {
        return "\n--- command: " + String.join(" ", command)
                + "\n--- stdout:\n" + tail(stdout()) + "--- stderr:\n" + tail(stderr()) + "---";
    }

    private static String tail(String s) {
        return s.length() <= 20_000 ? s : "...\n" + s.substring(s.length() - 20_000);
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }

    /** What to start. Not thread-safe; use one per process. */
    public static final class Builder {
        private Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        private final AgentFlag agent = new AgentFlag();
        private final List<String> jvmOptions = new ArrayList<>();
        private String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        private String mainClass;
        private Path jar;
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private Path workDir;
        private String name;

        private Builder() {
            // A crashing child would otherwise leave hs_err_pid*.log in the module's source directory.
            jvmOptions.add("-XX:ErrorFile=" + tempRoot().resolve("hs_err_pid%p.log"));
        }

        Builder mainClass(String mainClass) {
            this.mainClass = mainClass;
            this.jar = null;
            return this;
        }

        Builder jar(Path jar) {
            this.jar = jar;
            this.mainClass = null;
            return this;
        }

        /** The {@code java} executable; defaults to the one running the tests. */
        public Builder java(Path java) {
            this.java = java;
            return this;
        }

        /** Starts the JVM without {@code -javaagent}. */
        public Builder withoutAgent() {
            agent.disable();
            return this;
        }

        /** The agent jar; defaults to {@link Jars#agent()}. */
        public Builder agentJar(Path agentJar) {
            agent.jar(agentJar);
            return this;
        }

        /** Sets (or, with {@code null}, removes) one agent argument. */
        public Builder agentArg(String key, String value) {
            agent.arg(key, value);
            return this;
        }

        /** Removes every agent argument, the defaults included. */
        public Builder noAgentArgs() {
            agent.clear();
            return this;
        }

        public Builder jvmOptions(String... options) {
            jvmOptions.addAll(Arrays.asList(options));
            return this;
        }

        /** A {@code -D} option for the child. */
        public Builder systemProperty(String key, String value) {
            jvmOptions.add("-D" + key + "=" + value);
            return this;
        }

        public Builder classPath(String classPath) {
            this.classPath = classPath;
            return this;
        }

        public Builder args(String... more) {
            args.addAll(Arrays.asList(more));
            return this;
        }

        /** An environment variable for the child (on top of this JVM's, less any {@code VITALS_*}). */
        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        /** The prefix of echoed output lines. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The agent arguments as passed: {@code key=value,key=value}. */
        public String renderedAgentArgs() {
            return agent.renderedArgs();
        }

        public AgentProcess start() {
            List<String> command = new ArrayList<>();
            command.add(java.toString());
            String agentOption = agent.option(() -> tempDir("vitals-data-"));
            if (agentOption != null) {
                command.add(agentOption);
            }
            command.addAll(jvmOptions);
            if (jar != null) {
                command.add("-jar");
                command.add(jar.toString());
            } else if (mainClass != null) {
                command.add("-cp");
                command.add(classPath);
                command.add(mainClass);
            } else {
                throw new IllegalStateException("neither a main class nor a jar to run");
            }
            command.addAll(args);

            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().keySet().removeIf(k -> k.startsWith("VITALS_"));
            pb.environment().putAll(env);
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            String label = name != null ? name
                    : (mainClass != null ? mainClass.substring(mainClass.lastIndexOf('.') + 1) : jar.getFileName().toString())
                    + "#" + COUNTER.incrementAndGet();
            try {
                Process process = pb.start();
                process.getOutputStream().close(); // no stdin: a child waiting for input would hang the test
                System.out.println("[" + label + "] started pid " + process.pid() + ": " + String.join(" ", command));
                return new AgentProcess(label, command, process);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
            }
        }

        /** Starts the process and waits for it to exit; the result holds the complete output. */
        public Finished run(Duration timeout) {
            try (AgentProcess p = start()) {
                int code = p.waitFor(timeout);
                return new Finished(code, p.stdout(), p.stderr(), p.describe());
            }
        }
    }

    /**
     * A process that has exited.
     *
     * @param exitCode its exit code
     * @param stdout everything it wrote to stdout
     * @param stderr everything it wrote to stderr
     * @param description command and output, for assertion messages
     */
    public record Finished(int exitCode, String stdout, String stderr, String description) {
    }
}

package dev.vitals.it.wildfly;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A WildFly distribution started with its own {@code bin/standalone.sh}, as a user runs it. The server's base
 * directory (configuration, deployments, logs, data) is a fresh copy under {@code target/it-tmp}, so runs do not
 * see each other's deployments; the distribution itself is only read. Its socket bindings are moved by a port
 * offset at which every port the default configuration opens is free. {@link #close()} stops the whole process
 * tree: the shell script does not pass a signal on to the JVM it started.
 */
final class WildFlyServer implements AutoCloseable {
    /** Ports of WildFly's default standalone.xml, all moved by {@code jboss.socket.binding.port-offset}. */
    private static final int[] DEFAULT_PORTS = {8080, 8443, 8009, 9990, 9993, 4712, 4713};

    private final Path base;
    private final int offset;
    private final Process process;

    private WildFlyServer(Path base, int offset, Process process) {
        this.base = base;
        this.offset = offset;
        this.process = process;
    }

    /** The unpacked distribution, as the test module's pom unpacks it. */
    static Path home() {
        Path home = Paths.get(System.getProperty("vitals.wildfly.home", "target/wildfly/missing")).toAbsolutePath();
        if (!Files.isRegularFile(home.resolve("bin").resolve("standalone.sh"))) {
            throw new AssertionError("no WildFly distribution at " + home + ": run this test through Maven"
                    + " (mvn -B verify -pl integration-tests/wildfly-tests -am), which unpacks org.wildfly:wildfly-dist");
        }
        return home;
    }

    /**
     * Starts {@code bin/standalone.sh} with {@code javaOptsLine} appended to a copy of {@code bin/standalone.conf}
     * (passed through {@code RUN_CONF}), after copying {@code deployments} into the deployments directory.
     */
    static WildFlyServer start(Path home, Path base, String javaOptsLine, Path... deployments) throws IOException {
        copyTree(home.resolve("standalone").resolve("configuration"), base.resolve("configuration"));
        Path deploymentDir = Files.createDirectories(base.resolve("deployments"));
        for (Path war : deployments) {
            Files.copy(war, deploymentDir.resolve(war.getFileName()));
        }
        Path conf = base.resolve("standalone.conf");
        Files.writeString(conf, Files.readString(home.resolve("bin").resolve("standalone.conf"))
                + "\n" + javaOptsLine + "\n");
        int offset = freeOffset();
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", home.resolve("bin").resolve("standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + offset);
        pb.environment().keySet().removeIf(k -> k.startsWith("VITALS_") || k.startsWith("JBOSS_")
                || k.equals("JAVA_OPTS") || k.equals("RUN_CONF"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("RUN_CONF", conf.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(base.resolve("console.log").toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        System.out.println("[wildfly] starting in " + base + " with port offset " + offset);
        return new WildFlyServer(base, offset, pb.start());
    }

    /** {@code http://127.0.0.1:<http port><path>}. */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + (8080 + offset) + path);
    }

    /**
     * Waits for the deployment scanner's marker: {@code <war>.deployed}, or fails on {@code <war>.failed}, on the
     * server's end, or after {@code timeout}.
     */
    void awaitDeployed(String war, Duration timeout) throws InterruptedException {
        Path dir = base.resolve("deployments");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(dir.resolve(war + ".deployed"))) {
            if (Files.exists(dir.resolve(war + ".failed"))) {
                throw new AssertionError(war + " failed to deploy" + describe());
            }
            if (!process.isAlive()) {
                throw new AssertionError("WildFly ended before " + war + " was deployed" + describe());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(war + " not deployed within " + timeout.toSeconds() + " s" + describe());
            }
            Thread.sleep(250);
        }
    }

    /** Everything the server wrote to its console (stdout and stderr) so far. */
    String console() {
        try {
            return Files.readString(base.resolve("console.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no console output: " + e + ")";
        }
    }

    String describe() {
        String console = console();
        return "\n--- WildFly console (" + base.resolve("console.log") + "):\n"
                + (console.length() <= 20_000 ? console : "...\n" + console.substring(console.length() - 20_000)) + "---";
    }

    /** Stops the JVM (SIGTERM: WildFly shuts down cleanly), then kills whatever of the tree is left after 20 s. */
    @Override
    public void close() {
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle()))
                .collect(Collectors.toList());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (ProcessHandle p : tree) {
            try {
                long left = Math.max(1, deadline - System.nanoTime());
                p.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
        System.out.println("[wildfly] stopped " + tree.stream().map(p -> Long.toString(p.pid())).collect(Collectors.joining(",")));
    }

    /** An offset at which every default port is free now: other servers run on this machine at the same time. */
    private static int freeOffset() {
        for (int attempt = 0; attempt < 50; attempt++) {
            // Every port below 32768, where Linux starts handing out ports to bind(0) and to outgoing connections
            // (another server's listener, a polling client's local port): one of those took WildFly's HTTP port once.
            int offset = ThreadLocalRandom.current().nextInt(10_000, 22_000);
            boolean free = true;
            for (int port : DEFAULT_PORTS) {
                free &= free(port + offset);
            }
            if (free) {
                return offset;
            }
        }
        throw new AssertionError("no port offset with all of WildFly's ports free");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}

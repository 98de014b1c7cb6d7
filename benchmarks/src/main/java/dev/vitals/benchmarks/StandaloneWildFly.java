package dev.vitals.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A WildFly distribution (the {@code org.wildfly:wildfly-dist} tar.gz, as the wildfly-tests module unpacks it)
 * started as its users start it: {@code bin/standalone.sh}, the agent's flag appended to {@code JAVA_OPTS} at the
 * end of a copy of {@code bin/standalone.conf} (passed through {@code RUN_CONF}). Every start gets a fresh server
 * base directory (the default configuration, {@code bench.war} in {@code deployments}) and a port offset at which
 * the default configuration's ports are free; the distribution itself is only read.
 */
final class StandaloneWildFly {
    /** Ports of WildFly's default standalone.xml, all moved by {@code jboss.socket.binding.port-offset}. */
    private static final int[] DEFAULT_PORTS = {8080, 8443, 8009, 9990, 9993, 4712, 4713};

    private final Path home;

    StandaloneWildFly(Path home) {
        if (!Files.isRegularFile(home.resolve("bin/standalone.sh"))) {
            throw new IllegalStateException("no WildFly distribution at " + home + " (bin/standalone.sh): build"
                    + " integration-tests/wildfly-tests (mvn -B -q install -DskipTests unpacks org.wildfly:wildfly-dist there)"
                    + " or pass --wildfly-home");
        }
        this.home = home;
    }

    /** The distribution the wildfly-tests module unpacks: its one {@code wildfly-*} directory. */
    static Path defaultHome() throws IOException {
        Path unpacked = Agents.targetDir().resolve("../../integration-tests/wildfly-tests/target/wildfly").normalize();
        if (!Files.isDirectory(unpacked)) {
            return unpacked;
        }
        try (Stream<Path> dirs = Files.list(unpacked)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("bin/standalone.sh"))).findFirst().orElse(unpacked);
        }
    }

    /**
     * A fresh server base directory in {@code base} holding {@code war} and a {@code standalone.conf} that adds
     * {@code options} to WildFly's own {@code JAVA_OPTS}; returns the port offset to start it with.
     */
    int prepareBase(Path base, Path war, List<String> options) throws IOException {
        StandaloneTomcat.copyTree(home.resolve("standalone/configuration"), base.resolve("configuration"));
        Files.copy(war, Files.createDirectories(base.resolve("deployments")).resolve(war.getFileName()));
        // standalone.sh evals JAVA_OPTS: each option single-quoted reaches the JVM as it is.
        String added = options.stream().map(o -> "'" + o.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        Files.writeString(base.resolve("standalone.conf"), Files.readString(home.resolve("bin/standalone.conf"),
                StandardCharsets.UTF_8) + "\nJAVA_OPTS=\"$JAVA_OPTS " + added.replace("\"", "\\\"").replace("$", "\\$") + "\"\n",
                StandardCharsets.UTF_8);
        return freeOffset();
    }

    /** {@code sh bin/standalone.sh} on {@code base}, its ports moved by {@code offset}. */
    List<String> command(Path base, int offset) {
        return List.of("sh", home.resolve("bin/standalone.sh").toString(), "-Djboss.server.base.dir=" + base,
                "-Djboss.socket.binding.port-offset=" + offset);
    }

    /** This JDK, the copied {@code standalone.conf}, and no {@code JAVA_OPTS} of ours replacing WildFly's defaults. */
    Map<String, String> environment(Path base) {
        return Map.of("JAVA_HOME", System.getProperty("java.home"), "RUN_CONF", base.resolve("standalone.conf").toString(),
                "JAVA_OPTS", "", "JBOSS_HOME", "", "LAUNCH_JBOSS_IN_BACKGROUND", "");
    }

    static int httpPort(int offset) {
        return 8080 + offset;
    }

    /** An offset at which every default port is free now. */
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
        throw new IllegalStateException("no port offset with all of WildFly's ports free");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }
}

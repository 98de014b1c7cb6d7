package dev.vitals.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A WildFly distribution (the {@code org.wildfly:wildfly-dist} tar.gz, as the wildfly-tests module unpacks it)
 * started as its users start it: {@code bin/standalone.sh}, the agent's flag appended to {@code JAVA_OPTS} at the
 * end of a copy of {@code bin/standalone.conf} (passed through {@code RUN_CONF}). Every start gets a fresh server
 * base directory (the default configuration, {@code bench.war} in {@code deployments}) and free ports for the
 * listeners the default configuration opens; the distribution itself is only read.
 */
final class StandaloneWildFly {
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
     * {@code options} to WildFly's own {@code JAVA_OPTS}.
     */
    void prepareBase(Path base, Path war, List<String> options) throws IOException {
        StandaloneTomcat.copyTree(home.resolve("standalone/configuration"), base.resolve("configuration"));
        Files.copy(war, Files.createDirectories(base.resolve("deployments")).resolve(war.getFileName()));
        // standalone.sh evals JAVA_OPTS: each option single-quoted reaches the JVM as it is.
        String added = options.stream().map(o -> "'" + o.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        Files.writeString(base.resolve("standalone.conf"), Files.readString(home.resolve("bin/standalone.conf"),
                StandardCharsets.UTF_8) + "\nJAVA_OPTS=\"$JAVA_OPTS " + added.replace("\"", "\\\"").replace("$", "\\$") + "\"\n",
                StandardCharsets.UTF_8);
    }

    /**
     * {@code sh bin/standalone.sh} on {@code base}, HTTP on {@code httpPort}, HTTPS and the management interface
     * (the other listeners the default configuration opens) on free ports.
     */
    List<String> command(Path base, int httpPort) {
        return List.of("sh", home.resolve("bin/standalone.sh").toString(), "-Djboss.server.base.dir=" + base,
                "-Djboss.http.port=" + httpPort, "-Djboss.https.port=" + Agents.freePort(),
                "-Djboss.management.http.port=" + Agents.freePort());
    }

    /** This JDK, the copied {@code standalone.conf}, and no {@code JAVA_OPTS} of ours replacing WildFly's defaults. */
    Map<String, String> environment(Path base) {
        return Map.of("JAVA_HOME", System.getProperty("java.home"), "RUN_CONF", base.resolve("standalone.conf").toString(),
                "JAVA_OPTS", "", "JBOSS_HOME", "", "LAUNCH_JBOSS_IN_BACKGROUND", "");
    }
}

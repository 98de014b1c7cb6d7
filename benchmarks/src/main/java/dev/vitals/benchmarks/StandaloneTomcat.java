package dev.vitals.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A standalone Apache Tomcat distribution (the {@code org.apache.tomcat:tomcat} tar.gz) started as its users start
 * it: {@code bin/catalina.sh run}, the agent in {@code CATALINA_OPTS}. The tarball is unpacked once
 * ({@code CATALINA_HOME}); every start gets a fresh {@code CATALINA_BASE} (so every JSP is compiled again) with the
 * bundled web applications, {@code bench.war} (JSPs and a tag file, from this jar's {@code bench-war/}), the HTTP
 * connector on a free loopback port and the shutdown port off (the comparison stops Tomcat with SIGTERM, which
 * runs its shutdown hook).
 */
final class StandaloneTomcat {
    private final Path home;
    private final Path war;

    private StandaloneTomcat(Path home, Path war) {
        this.home = home;
        this.war = war;
    }

    /** Unpacks {@code tarGz} under {@code dir} with the system's {@code tar} (which keeps the scripts' modes). */
    static StandaloneTomcat unpack(Path tarGz, Path dir) throws IOException, InterruptedException {
        Path root = Files.createDirectories(dir.resolve("tomcat-home"));
        Process tar = new ProcessBuilder("tar", "xzf", tarGz.toString(), "-C", root.toString()).redirectErrorStream(true).start();
        String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!tar.waitFor(120, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new IllegalStateException("cannot unpack " + tarGz + ": " + out);
        }
        Path home;
        try (Stream<Path> dirs = Files.list(root)) {
            home = dirs.filter(d -> Files.isRegularFile(d.resolve("bin/catalina.sh"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no bin/catalina.sh in " + tarGz));
        }
        return new StandaloneTomcat(home, BenchWar.write(dir.resolve("bench.war")));
    }

    /** A fresh {@code CATALINA_BASE} in {@code base}, its HTTP connector on {@code port}. */
    void prepareBase(Path base, int port) throws IOException {
        for (String dir : List.of("conf", "lib", "logs", "temp", "webapps", "work")) {
            Files.createDirectories(base.resolve(dir));
        }
        copyTree(home.resolve("conf"), base.resolve("conf"));
        copyTree(home.resolve("webapps"), base.resolve("webapps"));
        Files.copy(war, base.resolve("webapps/bench.war"));
        Path serverXml = base.resolve("conf/server.xml");
        String server = Files.readString(serverXml, StandardCharsets.UTF_8)
                .replaceAll("<!--(?s:.*?)-->", "")
                .replaceFirst("<Server port=\"\\d+\"", "<Server port=\"-1\"")
                .replaceFirst("<Connector port=\"\\d+\" protocol=\"HTTP/1.1\"",
                        "<Connector port=\"" + port + "\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\"");
        if (!server.contains("<Server port=\"-1\"") || !server.contains("port=\"" + port + "\"")) {
            throw new IllegalStateException("unexpected conf/server.xml in " + home + ": cannot set the ports");
        }
        Files.writeString(serverXml, server, StandardCharsets.UTF_8);
    }

    /** {@code sh bin/catalina.sh run}. */
    List<String> command() {
        return List.of("sh", home.resolve("bin/catalina.sh").toString(), "run");
    }

    /** The environment of {@code catalina.sh}: this JDK, the base, and {@code options} as {@code CATALINA_OPTS}. */
    Map<String, String> environment(Path base, List<String> options) {
        // catalina.sh evals CATALINA_OPTS: each option single-quoted reaches the JVM as it is.
        String opts = options.stream().map(o -> "'" + o.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        return Map.of("JAVA_HOME", System.getProperty("java.home"), "CATALINA_HOME", home.toString(),
                "CATALINA_BASE", base.toString(), "CATALINA_OPTS", opts, "CATALINA_PID", "", "JAVA_OPTS", "");
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.collect(Collectors.toList())) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}

package dev.vitals.it.jdbc;

import dev.vitals.it.AgentProcess;
import dev.vitals.it.Services;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the test's own (initdb into a temporary directory, pg_ctl on a free port), so a test can
 * stop and start it without touching the shared server. As root, the commands run as {@code postgres} through
 * {@code runuser}, because PostgreSQL refuses to run as root.
 */
final class ThrowawayPostgres implements AutoCloseable {
    final int port;
    private final Path bin;
    private final Path dir;
    private final boolean root;

    private ThrowawayPostgres(Path bin, Path dir, int port, boolean root) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.root = root;
    }

    /** Creates the cluster (or skips, or under CI fails, when PostgreSQL's server binaries are absent). */
    static ThrowawayPostgres create() throws Exception {
        Path bin = null;
        File[] versions = new File("/usr/lib/postgresql").listFiles();
        if (versions != null) {
            Arrays.sort(versions, Comparator.comparing(File::getName).reversed());
            for (File v : versions) {
                if (Files.isExecutable(v.toPath().resolve("bin/initdb"))) {
                    bin = v.toPath().resolve("bin");
                    break;
                }
            }
        }
        if (bin == null) {
            Services.missing("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory(Paths.get("/tmp"), "vitals-pg-");
        ThrowawayPostgres pg = new ThrowawayPostgres(bin, dir, AgentProcess.freePort(), root);
        if (root) {
            pg.run(List.of("chown", "postgres", dir.toString()), false);
        }
        pg.run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
                "--auth=trust", "--no-sync"), true);
        pg.start();
        return pg;
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    void start() throws Exception {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), true);
    }

    void stop() throws Exception {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w",
                "stop"), true);
    }

    private void run(List<String> command, boolean asPostgres) throws Exception {
        List<String> full = new ArrayList<>();
        if (asPostgres && root) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " failed:\n" + out);
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (Exception e) {
            // already stopped
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // left in /tmp
        }
    }
}

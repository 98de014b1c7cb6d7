package dev.vitals.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** {@code bench.war}, the application the server parts deploy: two JSPs, a tag file and a static file to poll. */
final class BenchWar {
    /** The files of {@code bench.war}, under {@code bench-war/} in this jar. */
    private static final List<String> FILES = List.of("WEB-INF/web.xml", "WEB-INF/tags/row.tag", "index.jsp",
            "second.jsp", "ping.txt");

    private BenchWar() {
    }

    /** Writes the WAR to {@code file}. */
    static Path write(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String name : FILES) {
                try (InputStream in = BenchWar.class.getResourceAsStream("/bench-war/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("bench-war/" + name + " is not in the benchmarks jar");
                    }
                    zip.putNextEntry(new ZipEntry(name));
                    in.transferTo(zip);
                    zip.closeEntry();
                }
            }
        }
        return file;
    }
}

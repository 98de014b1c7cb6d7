package dev.vitals.it.redis;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs {@code promtool check metrics} on the families this module writes (required under {@code CI=true}). */
final class Promtool {
    private Promtool() {
    }

    static void assertPasses(String exposition, String... prefixes) throws Exception {
        StringBuilder selected = new StringBuilder();
        for (String line : exposition.split("\n")) {
            String name = line.startsWith("# HELP ") || line.startsWith("# TYPE ") || line.startsWith("# UNIT ")
                    ? line.substring(7) : line;
            for (String prefix : prefixes) {
                if (name.startsWith(prefix)) {
                    selected.append(line).append('\n');
                    break;
                }
            }
        }
        assertTrue(selected.length() > 0, "no family starting with " + String.join(", ", prefixes));
        Path promtool = Path.of("/usr/bin/promtool");
        if (!"true".equals(System.getenv("CI"))) {
            assumeTrue(Files.isExecutable(promtool), "promtool is not installed (apt-get install prometheus)");
        }
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(selected.toString().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals("", out.trim(), "promtool findings on:\n" + selected);
        assertEquals(0, p.exitValue(), "promtool check metrics:\n" + out);
    }
}

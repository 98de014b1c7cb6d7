package dev.vitals.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs Debian's {@code promtool check metrics} on the families a test is about (skipped with the reason where
 * promtool is absent, a failure under {@code CI=true}). Other families are checked by the tests of the features
 * that write them.
 */
public final class Promtool {
    private Promtool() {
    }

    /** Checks the HELP, TYPE, UNIT and sample lines of the families whose names start with one of {@code prefixes}. */
    public static void assertPasses(String exposition, String... prefixes) throws Exception {
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
        Path promtool = Services.requireExecutable("promtool");
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(selected.toString().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals("", out.trim(), "promtool findings on:\n" + selected);
        assertEquals(0, p.exitValue(), "promtool check metrics:\n" + out);
    }
}

package dev.vitals.exporter.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the real {@code promtool check metrics} (Debian's prometheus package) over our text output. */
class PromtoolTest {
    private static final String[] NONE = new String[0];
    private static String promtool;

    @BeforeAll
    static void findPromtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Paths.get(dir, "promtool");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                promtool = candidate.toString();
                return;
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("promtool is required under CI=true (Debian package 'prometheus')");
        }
        Assumptions.abort("promtool is not installed (Debian package prometheus); required under CI=true");
    }

    @Test
    void representativeExpositionHasNoFindings() throws Exception {
        String[] result = check(new String(PrometheusExposition.write(PrometheusExpositionTest.REPRESENTATIVE, false),
                StandardCharsets.UTF_8));
        assertEquals("0", result[0], result[1]);
        assertEquals("", result[1]);
    }

    @Test
    void escapedHelpAndLabelsAndSpecialValuesHaveNoFindings() throws Exception {
        String text = new String(PrometheusExposition.write(List.of(sink -> {
            sink.gauge("odd_values", "Help with \\ backslash, \"quotes\"\nand a newline.", null,
                    new String[] {"path", "empty"}, new String[] {"C:\\x \"y\"\nz", null}, Double.NaN);
            sink.gauge("odd_values", "ignored", null, new String[] {"path", "empty"}, new String[] {"inf", ""},
                    Double.POSITIVE_INFINITY);
            sink.gauge("odd_values", "ignored", null, new String[] {"path", "empty"}, new String[] {"small", "1"}, 1.5e-7);
            sink.histogram("wait_seconds", "Wait.", "seconds", NONE, NONE,
                    new double[] {1e-5, 0.001, 1, 1e6}, new long[] {0, 0, 5, 5}, 3.25, 5);
        }), false), StandardCharsets.UTF_8);
        String[] result = check(text);
        assertEquals("0", result[0], result[1] + "\n" + text);
        assertEquals("", result[1]);
    }

    /**
     * Proves the checks above can fail, and pins promtool's wording for names the lead asked about: gauges
     * ending in {@code _count} are linted.
     */
    @Test
    void promtoolLintsGaugesNamedCount() throws Exception {
        String text = new String(PrometheusExposition.write(List.of(sink -> {
            sink.gauge("jvm_thread_count", "Threads.", null, NONE, NONE, 12);
            sink.gauge("db_client_connection_count", "Connections.", null,
                    new String[] {"pool_name", "state"}, new String[] {"main", "idle"}, 3);
        }), false), StandardCharsets.UTF_8);
        String[] result = check(text);
        assertNotEquals("0", result[0]);
        assertTrue(result[1].contains(
                "jvm_thread_count non-histogram and non-summary metrics should not have \"_count\" suffix"), result[1]);
        assertTrue(result[1].contains(
                "db_client_connection_count non-histogram and non-summary metrics should not have \"_count\" suffix"), result[1]);
    }

    /** Exit code and combined output of {@code promtool check metrics} with the exposition on stdin. */
    private static String[] check(String exposition) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        return new String[] {String.valueOf(process.exitValue()), output};
    }
}

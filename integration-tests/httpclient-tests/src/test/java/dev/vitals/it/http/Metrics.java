package dev.vitals.it.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The samples of one Prometheus text exposition, for lookups by name and label subset. */
final class Metrics {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    final String text;
    private final List<Sample> samples = new ArrayList<>();

    record Sample(String name, Map<String, String> labels, double value) {
    }

    Metrics(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
    }

    /** Sum of the samples called {@code name} whose labels include {@code subset} ({@code k1, v1, k2, v2...}). */
    double sum(String name, String... subset) {
        double total = 0;
        for (Sample s : samples) {
            if (s.name().equals(name) && matches(s.labels(), subset)) {
                total += s.value();
            }
        }
        return total;
    }

    List<Sample> find(String name, String... subset) {
        List<Sample> found = new ArrayList<>();
        for (Sample s : samples) {
            if (s.name().equals(name) && matches(s.labels(), subset)) {
                found.add(s);
            }
        }
        return found;
    }

    private static boolean matches(Map<String, String> labels, String[] subset) {
        for (int i = 0; i < subset.length; i += 2) {
            if (!subset[i + 1].equals(labels.get(subset[i]))) {
                return false;
            }
        }
        return true;
    }

    /** promtool check metrics on the families starting with one of {@code prefixes} (skipped where promtool is missing, outside CI). */
    void assertPromtoolPasses(String... prefixes) throws Exception {
        StringBuilder selected = new StringBuilder();
        for (String line : text.split("\n")) {
            String name = line.startsWith("# HELP ") || line.startsWith("# TYPE ") || line.startsWith("# UNIT ") ? line.substring(7) : line;
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

package dev.vitals.it.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** promtool check metrics on the families starting with one of {@code prefixes}. */
    void assertPromtoolPasses(String... prefixes) throws Exception {
        dev.vitals.it.Promtool.assertPasses(text, prefixes);
    }

    /** Label pairs: {@code base} followed by {@code more}. */
    static String[] with(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}

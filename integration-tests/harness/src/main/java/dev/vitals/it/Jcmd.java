package dev.vitals.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The JDK's {@code jcmd} (of the JVM running the tests) against a child JVM. */
public final class Jcmd {
    // "   1:          1234        56789  java.lang.String (java.base@17)"
    private static final Pattern HISTOGRAM_LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+(\\S+)", Pattern.MULTILINE);

    private Jcmd() {
    }

    /** Runs {@code jcmd <pid> <command...>} and returns its output; fails the test when jcmd fails. */
    public static String run(long pid, String... command) {
        Path jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd");
        String[] line = new String[command.length + 2];
        line[0] = jcmd.toString();
        line[1] = Long.toString(pid);
        System.arraycopy(command, 0, line, 2, command.length);
        try {
            Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", line) + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Live instances per class whose name starts with {@code classNamePrefix}. {@code GC.class_histogram} runs a
     * full GC first, so only reachable objects are counted.
     */
    public static Map<String, Long> liveInstances(long pid, String classNamePrefix) {
        Map<String, Long> counts = new TreeMap<>();
        Matcher m = HISTOGRAM_LINE.matcher(run(pid, "GC.class_histogram"));
        while (m.find()) {
            if (m.group(2).startsWith(classNamePrefix)) {
                counts.merge(m.group(2), Long.parseLong(m.group(1)), Long::sum);
            }
        }
        return counts;
    }
}

package dev.vitals.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Native Memory Tracking of a JVM started with {@code -XX:NativeMemoryTracking=summary}: {@code jcmd PID
 * VM.native_memory summary}, read into committed kilobytes per category (Java Heap, Class, Thread, Code, GC,
 * Compiler, Internal, Other, Symbol, ...) plus {@code Total}.
 */
final class NativeMemory {
    /** {@code Total: reserved=...KB, committed=...KB} and {@code -   Java Heap (reserved=...KB, committed=...KB)}. */
    private static final Pattern TOTAL = Pattern.compile("^Total: reserved=\\d+KB, committed=(\\d+)KB", Pattern.MULTILINE);
    /** {@code  garbage-first heap   total 397312K, used 11066K [...]} (any collector's first line has total and used). */
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");
    private static final Pattern CATEGORY = Pattern.compile("^-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)", Pattern.MULTILINE);

    private NativeMemory() {
    }

    /** The JVM option that turns tracking on. */
    static final String FLAG = "-XX:NativeMemoryTracking=summary";

    /** Committed KB per category of process {@code pid}, in jcmd's order, then {@code Total}. */
    static Map<String, Long> committedKb(long pid) throws IOException, InterruptedException {
        return parse(jcmd(pid, "VM.native_memory", "summary"));
    }

    /** The Java heap's used KB (no GC forced), from {@code jcmd PID GC.heap_info}'s first line. */
    static long heapUsedKb(long pid) throws IOException, InterruptedException {
        String out = jcmd(pid, "GC.heap_info");
        Matcher m = HEAP_USED.matcher(out);
        if (!m.find()) {
            throw new IOException("no heap line in jcmd GC.heap_info's answer: " + out);
        }
        return Long.parseLong(m.group(1));
    }

    private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", line) + " failed: " + out);
        }
        return out;
    }

    static Map<String, Long> parse(String summary) throws IOException {
        Map<String, Long> committed = new LinkedHashMap<>();
        Matcher m = CATEGORY.matcher(summary);
        while (m.find()) {
            committed.put(m.group(1).trim(), Long.parseLong(m.group(2)));
        }
        Matcher total = TOTAL.matcher(summary);
        if (!total.find() || committed.isEmpty()) {
            throw new IOException("no Native Memory Tracking summary in jcmd's answer: " + summary);
        }
        committed.put("Total", Long.parseLong(total.group(1)));
        return committed;
    }
}

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
    /** {@code (classes #8736)} under Class, {@code (thread #31)} under Thread. */
    private static final Pattern CLASSES = Pattern.compile("\\(classes #(\\d+)\\)");
    private static final Pattern THREADS = Pattern.compile("\\(thread #(\\d+)\\)");
    /** {@code    1:   12345   678900  java.lang.String (java.base@17)} and {@code Total   123456   7890123}. */
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)", Pattern.MULTILINE);

    private NativeMemory() {
    }

    /** The JVM option that turns tracking on. */
    static final String FLAG = "-XX:NativeMemoryTracking=summary";

    /** Committed KB per category of process {@code pid}, in jcmd's order, then {@code Total}. */
    static Map<String, Long> committedKb(long pid) throws IOException, InterruptedException {
        return parse(summary(pid));
    }

    /** {@code jcmd PID VM.native_memory summary}'s answer, for {@link #parse} and {@link #counts}. */
    static String summary(long pid) throws IOException, InterruptedException {
        return jcmd(pid, "VM.native_memory", "summary");
    }

    /** Loaded classes and live threads from a summary: {@code {classes, threads}}, -1 where jcmd did not say. */
    static long[] counts(String summary) {
        return new long[] {first(CLASSES, summary), first(THREADS, summary)};
    }

    private static long first(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * The live heap after a full collection ({@code jcmd PID GC.class_histogram}, which collects first):
     * {@code {all bytes, bytes of instances of classes whose name starts with prefix}} (shallow sizes: an array
     * a {@code prefix} object holds counts under its own array class, not under {@code prefix}).
     */
    static long[] liveHeapBytes(long pid, String prefix) throws IOException, InterruptedException {
        return histogram(jcmd(pid, "GC.class_histogram"), prefix);
    }

    static long[] histogram(String histogram, String prefix) throws IOException {
        Matcher total = HISTOGRAM_TOTAL.matcher(histogram);
        if (!total.find()) {
            throw new IOException("no Total line in jcmd GC.class_histogram's answer: " + histogram);
        }
        long ours = 0;
        Matcher row = HISTOGRAM_ROW.matcher(histogram);
        while (row.find()) {
            if (row.group(3).startsWith(prefix)) {
                ours += Long.parseLong(row.group(2));
            }
        }
        return new long[] {Long.parseLong(total.group(2)), ours};
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

package dev.vitals.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A JVM's CPU time split by the kind of thread that spent it, read from Linux's {@code /proc/<pid>/task/<tid>/stat}:
 * where the CPU an agent adds to a start goes. Vitals' threads show its own set-up; the main thread shows what the
 * transformer and the first weaving cost the application's own start. The JIT compiler threads have more work queued
 * than they finish through a large start, so their CPU follows the start's length: what an agent adds there is the
 * longer start, not a cost of its own, and the CPU outside them ({@link #outsideCompilers}) is what delays the start.
 * Linux keeps a Java thread's name as the thread's {@code comm}, cut to 15 characters.
 */
final class ThreadCpu {
    /** Kinds of thread, in the order the report lists them. */
    enum Kind {
        /** The application's main thread. The launcher leaves it unnamed, so Linux calls it after the process: {@code java}. */
        MAIN("main thread"),
        COMPILER("JIT compiler threads"),
        GC("GC threads"),
        /** Vitals' own threads ({@code vitals-*}). The peers' threads count as other threads. */
        VITALS("Vitals' threads"),
        /** Every other thread, and threads that have ended (their time counts only in the process's total). */
        OTHER("other and ended threads");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private ThreadCpu() {
    }

    /** The kind of the thread named {@code comm}. */
    static Kind kind(String comm) {
        if (comm.equals("java") || comm.equals("main")) {
            return Kind.MAIN;
        }
        if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
            return Kind.COMPILER;
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
            return Kind.GC;
        }
        if (comm.startsWith("vitals-")) {
            return Kind.VITALS;
        }
        return Kind.OTHER;
    }

    /** Clock ticks per kind for process {@code pid} now; {@link Kind#OTHER} takes what the live threads do not explain. */
    static Map<Kind, Long> ticks(long pid) throws IOException {
        long total = ProcessComparison.cpuTicks(pid);
        Map<Kind, Long> byKind = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            byKind.put(kind, 0L);
        }
        long live = 0;
        try (Stream<Path> tasks = Files.list(Paths.get("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue; // its time is still in the process's total, so in OTHER
                }
                Kind kind = kind(nameOf(stat));
                if (kind != Kind.OTHER) {
                    long t = ticksOf(stat);
                    byKind.merge(kind, t, Long::sum);
                    live += t;
                }
            }
        }
        byKind.put(Kind.OTHER, Math.max(0, total - live));
        return byKind;
    }

    /**
     * How long the main thread has been runnable but waiting for a core, in ms: the second field (ns) of Linux's
     * {@code /proc/<pid>/task/<tid>/schedstat}, summed over the threads of kind {@link Kind#MAIN} (the launcher's own
     * thread only waits for it). On two cores a start's main thread already waits behind the JIT compiler threads;
     * what an agent's threads add to that wait is how their CPU becomes start time. -1 where the kernel keeps no
     * scheduler statistics.
     */
    static double mainWaitMillis(long pid) throws IOException {
        long waitNanos = 0;
        boolean read = false;
        try (Stream<Path> tasks = Files.list(Paths.get("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (kind(nameOf(Files.readString(task.resolve("stat")))) == Kind.MAIN) {
                        waitNanos += runqueueWaitNanos(Files.readString(task.resolve("schedstat")));
                        read = true;
                    }
                } catch (IOException endedOrNoStatistics) {
                    // an ended thread, or a kernel without schedstat
                }
            }
        }
        return read ? waitNanos / 1e6 : -1;
    }

    /** The time waiting on a run queue (ns), the second of schedstat's three fields (run time, wait, time slices). */
    static long runqueueWaitNanos(String schedstat) {
        return Long.parseLong(schedstat.trim().split("\\s+")[1]);
    }

    /** The ticks of every kind of thread but the JIT compiler threads. */
    static long outsideCompilers(Map<Kind, Long> ticks) {
        long sum = 0;
        for (Map.Entry<Kind, Long> kind : ticks.entrySet()) {
            if (kind.getKey() != Kind.COMPILER) {
                sum += kind.getValue();
            }
        }
        return sum;
    }

    /** How many cores a thread kind kept busy on average: its CPU time over the wall time it had (0 without one). */
    static double cores(double cpuMillis, double wallMillis) {
        return wallMillis > 0 ? cpuMillis / wallMillis : 0;
    }

    /** The {@code comm} field of a stat line: between the first '(' and the last ')', since a name may hold either. */
    static String nameOf(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /** User plus system time (utime and stime, fields 14 and 15) of a process's or thread's stat line, in clock ticks. */
    static long ticksOf(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}

package dev.vitals.benchmarks;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreadCpuTest {
    /** A thread's stat line as Linux writes it, utime 150 and stime 25 (fields 14 and 15). */
    private static String stat(String comm) {
        return "4242 (" + comm + ") S 1 4242 4242 0 -1 4194624 7000 0 3 0 150 25 0 0 20 0 31 0 1200 4000000 9000";
    }

    @Test
    void readsTheNameAndTheTimeEvenWhenTheNameHoldsParenthesesAndSpaces() {
        assertEquals("C2 CompilerThre", ThreadCpu.nameOf(stat("C2 CompilerThre")));
        assertEquals("odd) (name", ThreadCpu.nameOf(stat("odd) (name")));
        assertEquals(175, ThreadCpu.ticksOf(stat("odd) (name")));
        assertEquals(175, ThreadCpu.ticksOf(stat("java")));
    }

    @Test
    void sortsThreadsByWhatTheyDo() {
        assertEquals(ThreadCpu.Kind.MAIN, ThreadCpu.kind("java"));
        assertEquals(ThreadCpu.Kind.MAIN, ThreadCpu.kind("main"));
        assertEquals(ThreadCpu.Kind.COMPILER, ThreadCpu.kind("C1 CompilerThre"));
        assertEquals(ThreadCpu.Kind.COMPILER, ThreadCpu.kind("C2 CompilerThre"));
        assertEquals(ThreadCpu.Kind.GC, ThreadCpu.kind("GC Thread#0"));
        assertEquals(ThreadCpu.Kind.GC, ThreadCpu.kind("G1 Conc#0"));
        assertEquals(ThreadCpu.Kind.VITALS, ThreadCpu.kind("vitals-init"));
        assertEquals(ThreadCpu.Kind.VITALS, ThreadCpu.kind("vitals-wire"));
        assertEquals(ThreadCpu.Kind.OTHER, ThreadCpu.kind("http-nio-8080-e"));
        assertEquals(ThreadCpu.Kind.OTHER, ThreadCpu.kind("VM Thread"));
    }

    @Test
    void readsTheRunqueueWaitFromSchedstat() {
        assertEquals(817_000_000L, ThreadCpu.runqueueWaitNanos("1470000000 817000000 1786\n"));
    }

    @Test
    void theMainThreadOfThisJvmHasAWaitOrTheKernelKeepsNone() throws IOException {
        double wait = ThreadCpu.mainWaitMillis(ProcessHandle.current().pid());
        assertTrue(wait >= 0 || !java.nio.file.Files.exists(java.nio.file.Paths.get("/proc/self/schedstat")),
                "a wait is read where the kernel keeps scheduler statistics: " + wait);
    }

    @Test
    void theCpuOutsideTheCompilerThreadsIsEveryOtherKind() {
        Map<ThreadCpu.Kind, Long> ticks = new java.util.EnumMap<>(ThreadCpu.Kind.class);
        ticks.put(ThreadCpu.Kind.MAIN, 90L);
        ticks.put(ThreadCpu.Kind.COMPILER, 130L);
        ticks.put(ThreadCpu.Kind.GC, 3L);
        ticks.put(ThreadCpu.Kind.VITALS, 5L);
        ticks.put(ThreadCpu.Kind.OTHER, 12L);
        assertEquals(110, ThreadCpu.outsideCompilers(ticks));
        assertEquals(1.3, ThreadCpu.cores(1300, 1000), 1e-9);
        assertEquals(0.0, ThreadCpu.cores(1300, 0), "no start, no share");
    }

    @Test
    void theKindsOfThisJvmAddUpToItsTotal() throws IOException {
        long pid = ProcessHandle.current().pid();
        // Some CPU for the compiler threads to have spent: they compile this loop.
        long sink = 0;
        for (int i = 0; i < 50_000_000; i++) {
            sink += i ^ (sink >>> 3);
        }
        long before = ProcessComparison.cpuTicks(pid);
        Map<ThreadCpu.Kind, Long> ticks = ThreadCpu.ticks(pid);
        long after = ProcessComparison.cpuTicks(pid);
        long sum = ticks.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(ThreadCpu.Kind.values().length, ticks.size());
        assertTrue(sum >= before && sum <= after, "kinds sum to " + sum + ", the process spent " + before + ".." + after
                + " (" + sink + ")");
        assertTrue(ticks.get(ThreadCpu.Kind.COMPILER) > 0, "compiler threads: " + ticks);
        // The loop ran on the thread the launcher made for main, which Linux calls after the process.
        long loopTicks = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 10_000_000L;
        assertTrue(ticks.get(ThreadCpu.Kind.MAIN) >= loopTicks - 2, "main: " + ticks + ", this thread: " + loopTicks + " ticks");
    }
}

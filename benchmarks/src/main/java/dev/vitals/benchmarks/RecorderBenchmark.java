package dev.vitals.benchmarks;

import dev.vitals.bootstrap.CallDepth;
import dev.vitals.agent.metrics.Timer;
import dev.vitals.agent.metrics.TimerFamily;
import dev.vitals.agent.metrics.WindowConfig;
import org.HdrHistogram.Recorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The cost of the recording path that instrumentation advice runs on every call.
 *
 * <p>Run (after {@code mvn -pl bootstrap install} and {@code mvn -pl benchmarks package}):
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RecorderBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s -prof gc
 * </pre>
 * For publishable figures use the defaults below (3 forks, 5 x 1 s warm-up, 5 x 1 s measurement), or
 * {@code benchmarks/run-comparison.sh}, which runs this suite (without an agent: it measures code, not an agent)
 * next to the agent suites and puts the floor in the same table.
 *
 * <p>Results, 2026-11-23, AMD EPYC (Zen 4, family 25 model 17), 2 vCPU KVM guest, OpenJDK 17.0.15, JMH 1.37,
 * quick settings above ({@code -f 1 -wi 2 -i 3 -w 1s -r 1s}); B/op is {@code gc.alloc.rate.norm}:
 * <pre>
 * Benchmark                                   Mode  Cnt    Score    Error  Units   gc.alloc.rate.norm
 * RecorderBenchmark.floorNanoTimeAndRecorder  avgt    3   60.637 ± 11.452  ns/op   ~0 B/op
 * RecorderBenchmark.timerRecord               avgt    3   12.545 ±  4.787  ns/op   ~0 B/op
 * RecorderBenchmark.familyGetAndRecord        avgt    3   34.184 ± 34.335  ns/op   ~0 B/op
 * RecorderBenchmark.callDepthEnterExit        avgt    3    4.925 ±  4.540  ns/op   ~0 B/op
 * RecorderBenchmark.timerRecordTwoThreads     avgt    3  139.821 ± 28.433  ns/op   ~0 B/op
 * </pre>
 * ("~0" is JMH's 10^-3 to 10^-5 B/op: the harness's own allocation spread over the operations.)
 *
 * <p>The floor is what any HdrHistogram-based agent pays (two clock reads and one {@code Recorder.recordValue});
 * on this KVM guest the two clock reads are most of it. {@code timerRecord} is the record alone (clamping, the
 * Recorder and the {@code LongAdder} sum), so an instrumented call costs about the floor plus a few ns.
 * The two-thread case records into one timer from both cores without pause: every call then contends on the
 * Recorder's shared phaser epoch and total-count words (HdrHistogram's design), which costs about 10x; real
 * traffic rarely hits one series from two cores in the same nanoseconds.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class RecorderBenchmark {
    private static final String[] ROUTES = {"/api/orders", "/api/orders/{id}", "/api/users/{id}", "/health"};

    private Timer timer;
    private TimerFamily family;
    private Recorder rawRecorder;

    /** Per-thread state so the varying input does not become a shared write. */
    @State(Scope.Thread)
    public static class Input {
        long duration = 1_234_567L;
        int i;

        /** A duration that varies (so different buckets are touched) without a random-number call. */
        long next() {
            duration = duration * 6364136223846793005L + 1442695040888963407L;
            return (duration >>> 40) + 50_000L; // 50 µs .. ~16.8 ms
        }
    }

    @Setup
    public void setUp() {
        timer = new Timer(WindowConfig.DEFAULT);
        family = new TimerFamily("http_server_request_duration_seconds", 100, WindowConfig.DEFAULT,
                "http_request_method", "http_route");
        for (String route : ROUTES) {
            family.get("GET", route).record(1_000_000L);
        }
        rawRecorder = new Recorder(1, Timer.HIGHEST_TRACKABLE_MICROS, Timer.SIGNIFICANT_DIGITS);
    }

    /** The physical floor: two clock reads and one raw HdrHistogram Recorder.recordValue. */
    @Benchmark
    public void floorNanoTimeAndRecorder() {
        long start = System.nanoTime();
        long end = System.nanoTime();
        rawRecorder.recordValue(Math.max(1L, (end - start) / 1_000L));
    }

    @Benchmark
    public void timerRecord(Input in) {
        timer.record(in.next());
    }

    /** What servlet advice does per request: find the existing (method, route) series, then record. */
    @Benchmark
    public void familyGetAndRecord(Input in) {
        String route = ROUTES[in.i++ & 3];
        family.get("GET", route).record(in.next());
    }

    @Benchmark
    public int callDepthEnterExit() {
        int depth = CallDepth.enter(CallDepth.JDBC);
        CallDepth.exit(CallDepth.JDBC);
        return depth;
    }

    /** Two threads recording into one timer: the contended case. */
    @Benchmark
    @Threads(2)
    public void timerRecordTwoThreads(Input in) {
        timer.record(in.next());
    }
}

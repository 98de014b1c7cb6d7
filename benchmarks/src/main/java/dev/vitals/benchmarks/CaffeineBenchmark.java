package dev.vitals.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Caffeine 3 {@code getIfPresent} on a bounded cache of 1,000 entries, a hit and a miss, and a {@code put}: with
 * Vitals each is one recorded in-process cache operation (name lookup by identity, one counter). Run through
 * {@link AgentComparison} ({@code --suites caffeine}) to compare no agent, an empty agent and Vitals:
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.vitals.benchmarks.AgentComparison --agents none,empty,vitals \
 *     --suites caffeine --rounds 1 --warmup 3 --iterations 3 --time 1s
 * </pre>
 * Results, 2026-12-02, AMD EPYC 2 vCPU KVM guest, OpenJDK 17.0.15, JMH 1.37, the settings above on a machine shared
 * with other builds (load average 13 to 17, so read them as an upper bound); ns/op, medians of one fork:
 * <pre>
 *                      none   empty   vitals   (B/op gc.alloc.rate.norm, all threads: 0 / 0 / 0.3 to 0.5)
 * getIfPresentHit      13.3    9.9     54.2
 * getIfPresentMiss      7.3    6.4     33.3
 * put                  53.0   74.0     85.9
 * </pre>
 * The fraction of a byte per operation with Vitals is the agent's own threads over a short run; the benchmark
 * thread allocates nothing ({@code LocalCacheTrackerTest} counts the thread's bytes).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class CaffeineBenchmark {
    private static final int ENTRIES = 1_000;

    private Cache<Integer, String> cache;
    private final Integer[] keys = new Integer[ENTRIES];
    private final Integer absent = -1;
    private int i;

    @Setup
    public void fill() {
        cache = Caffeine.newBuilder().maximumSize(10_000).build();
        for (int k = 0; k < ENTRIES; k++) {
            keys[k] = k;
            cache.put(keys[k], "value-" + k);
        }
    }

    @Benchmark
    public String getIfPresentHit() {
        i = (i + 1) & 511;
        return cache.getIfPresent(keys[i]);
    }

    @Benchmark
    public String getIfPresentMiss() {
        return cache.getIfPresent(absent);
    }

    @Benchmark
    public void put() {
        i = (i + 1) & 511;
        cache.put(keys[i], "v");
    }
}

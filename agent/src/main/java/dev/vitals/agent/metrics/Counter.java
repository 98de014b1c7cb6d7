package dev.vitals.agent.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * A monotonic count. {@link #increment()} and {@link #add(long)} may be called by any number of threads; they
 * never block, allocate nothing in steady state and never throw. {@link #sum()} is not an atomic snapshot
 * while writers are active (see {@link LongAdder#sum()}).
 */
public final class Counter {
    /**
     * LongAdder rather than AtomicLong: under contention each writer updates its own striped cell instead of
     * retrying a CAS on one shared cache line, which is the "one shared CAS hot spot" the recording path must
     * avoid (https://docs.oracle.com/en/java/javase/11/docs/api/java.base/java/util/concurrent/atomic/LongAdder.html).
     * Uncontended, it costs the same single CAS.
     */
    private final LongAdder adder = new LongAdder();
    /** The total carried over from before a restart; see {@link #restore}. */
    private volatile long restored;

    public void increment() {
        adder.increment();
    }

    /** Adds {@code amount}; negative amounts are ignored so the count stays monotonic. */
    public void add(long amount) {
        if (amount > 0) {
            adder.add(amount);
        }
    }

    public long sum() {
        return adder.sum();
    }

    /**
     * Adds a total persisted before a restart. Readers that count increases (history) start from
     * {@link #restored()} rather than 0, so what was counted before the restart is not counted twice.
     * Call once, before the counter is exposed.
     */
    public void restore(long total) {
        if (total > 0) {
            restored += total;
            adder.add(total);
        }
    }

    /** What {@link #restore} added; 0 for a counter that started empty. */
    public long restored() {
        return restored;
    }
}

package dev.vitals.bootstrap;

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
}

package dev.vitals.agent.metrics;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CounterTest {
    @Test
    void countsAndIgnoresNegativeAmounts() {
        Counter c = new Counter();
        c.increment();
        c.add(5);
        c.add(-3);
        c.add(0);
        assertEquals(6, c.sum());
    }

    @Test
    void concurrentIncrementsAreAllCounted() throws Exception {
        Counter c = new Counter();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < 100_000; i++) {
                    c.increment();
                }
            });
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
        assertEquals(400_000, c.sum());
    }
}

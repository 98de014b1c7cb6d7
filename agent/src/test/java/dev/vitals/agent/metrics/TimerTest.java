package dev.vitals.agent.metrics;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimerTest {
    private static final long MS = 1_000_000L;

    /** HdrHistogram with 2 significant digits reports values within 1 % (bucket width <= 1/128). */
    private static void assertWithinPrecision(double expected, double actual) {
        assertEquals(expected, actual, expected * 0.01, "expected ~" + expected + " but was " + actual);
    }

    @Test
    void percentilesOfKnownInputs() {
        Timer timer = new Timer();
        for (int ms = 1; ms <= 1000; ms++) {
            timer.record(ms * MS);
        }
        long now = 1_000_000L;
        timer.rotate(now);
        Snapshot s = timer.window(WindowConfig.DEFAULT_WINDOW_MILLIS, now);
        assertEquals(1000, s.count());
        assertWithinPrecision(500, s.p50());
        assertWithinPrecision(950, s.p95());
        assertWithinPrecision(990, s.p99());
        assertWithinPrecision(500.5, s.meanMillis());
        assertWithinPrecision(1, s.minMillis());
        assertWithinPrecision(1000, s.maxMillis());
        assertWithinPrecision(1000, s.percentileMillis(100));
        assertWithinPrecision(1000, s.percentileMillis(250)); // clamped to 100
        assertWithinPrecision(1, s.percentileMillis(Double.NaN)); // reads as 0
        assertEquals(1000, s.histogram().getTotalCount());
        assertEquals(WindowConfig.DEFAULT_WINDOW_MILLIS, s.windowMillis());
    }

    @Test
    void emptyWindowReportsZeros() {
        Timer timer = new Timer();
        timer.rotate(0);
        Snapshot s = timer.window(60_000, 0);
        assertEquals(0, s.count());
        assertEquals(0.0, s.p99());
        assertEquals(0.0, s.minMillis());
        assertEquals(0.0, s.maxMillis());
        assertEquals(0.0, s.meanMillis());
    }

    @Test
    void clampsAndIgnoresNegative() {
        Timer timer = new Timer();
        timer.record(-5);
        timer.record(0);
        timer.record(999); // below 1 µs resolution: recorded as 1 µs
        timer.record(TimeUnit.HOURS.toNanos(5));
        timer.record(Long.MAX_VALUE);
        timer.rotate(0);
        Snapshot s = timer.window(60_000, 0);
        assertEquals(4, s.count());
        assertEquals(0.001, s.minMillis(), 1e-9);
        assertWithinPrecision(TimeUnit.HOURS.toMillis(1), s.maxMillis());
    }

    @Test
    void windowExcludesOldSlices() {
        Timer timer = new Timer(new WindowConfig(1_000, 10));
        for (int i = 0; i < 100; i++) {
            timer.record(10 * MS);
        }
        timer.rotate(500); // slice 0
        for (int i = 0; i < 50; i++) {
            timer.record(20 * MS);
        }
        timer.rotate(5_500); // slice 5

        assertEquals(50, timer.window(1_000, 5_500).count());
        assertWithinPrecision(20, timer.window(1_000, 5_500).maxMillis());
        assertEquals(50, timer.window(5_000, 5_500).count()); // slices 1..5
        assertEquals(150, timer.window(6_000, 5_500).count()); // slices 0..5
        assertEquals(150, timer.window(5_001, 5_500).count()); // rounded up to 6 slices
        assertEquals(6_000, timer.window(5_001, 5_500).windowMillis());
        assertEquals(150, timer.window(Long.MAX_VALUE, 5_500).count()); // clamped to the span
        assertEquals(10_000, timer.window(Long.MAX_VALUE, 5_500).windowMillis());

        // Slice 0 leaves the 10-slice ring at slice 10; a query 10 s later sees only slice 5.
        assertEquals(50, timer.window(10_000, 10_000).count());
        timer.rotate(10_000);
        assertEquals(1, timer.liveSlices());
        timer.rotate(15_000);
        assertEquals(0, timer.liveSlices());
        assertEquals(0, timer.window(10_000, 15_000).count());
        assertEquals(0, timer.sliceFootprintBytes()); // an empty ring costs nothing
        assertEquals(150, timer.lifetimeCount()); // lifetime keeps everything
    }

    @Test
    void rotationsWithinOneSliceMerge() {
        Timer timer = new Timer(new WindowConfig(5_000, 3));
        timer.record(1 * MS);
        timer.rotate(1_000);
        timer.record(2 * MS);
        timer.record(2 * MS);
        timer.rotate(2_000);
        assertEquals(3, timer.window(5_000, 2_000).count());
        assertEquals(1, timer.liveSlices());
    }

    @Test
    void clockGoingBackwardsKeepsNewestSlice() {
        Timer timer = new Timer(new WindowConfig(1_000, 5));
        timer.record(MS);
        timer.rotate(4_000);
        timer.record(MS);
        timer.rotate(1_000); // earlier: still attributed to slice 4
        assertEquals(2, timer.window(1_000, 4_000).count());
    }

    @Test
    void windowSeesOnlyRotatedValues() {
        Timer timer = new Timer();
        timer.record(MS);
        assertEquals(0, timer.window(60_000, 0).count());
        assertEquals(0, timer.lifetimeCount());
        timer.rotate(0);
        assertEquals(1, timer.window(60_000, 0).count());
        assertEquals(1, timer.lifetimeCount());
    }

    @Test
    void lifetimeBucketsAreCumulativeAndConsistentWithCount() {
        Timer timer = new Timer();
        long[] nanos = {1 * MS, 1 * MS, 1 * MS, 5 * MS, 5 * MS, 100 * MS, 2_000 * MS};
        long sum = 0;
        for (long n : nanos) {
            timer.record(n);
            sum += n;
        }
        timer.rotate(0);
        timer.record(7 * MS); // after the rotation: must not show up yet
        double[] bounds = {0.0005, 0.001, 0.005, 0.01, 0.1, 1, Double.POSITIVE_INFINITY};
        long[] out = new long[bounds.length];
        Lifetime lifetime = timer.lifetime();
        lifetime.cumulativeBuckets(bounds, out);
        assertArrayEquals(new long[]{0, 3, 5, 5, 6, 6, 7}, out);
        assertEquals(7, lifetime.count());
        assertEquals(out[out.length - 1], lifetime.count());
        assertEquals(sum / 1e9, lifetime.sumSeconds(), 1e-9);

        timer.rotate(5_000);
        timer.lifetimeCumulativeBuckets(bounds, out);
        assertArrayEquals(new long[]{0, 3, 5, 6, 7, 7, 8}, out);
        assertEquals(8, timer.lifetimeCount());
        assertEquals((sum + 7 * MS) / 1e9, timer.lifetimeSumSeconds(), 1e-9);
        assertEquals(7, lifetime.count()); // an earlier Lifetime is immutable
    }

    @Test
    void bucketBoundsAreValidated() {
        Timer timer = new Timer();
        assertThrows(IllegalArgumentException.class,
                () -> timer.lifetimeCumulativeBuckets(new double[]{1, 0.5}, new long[2]));
        assertThrows(IllegalArgumentException.class,
                () -> timer.lifetimeCumulativeBuckets(new double[]{0.5, 1}, new long[1]));
    }

    @Test
    void idleTimerReleasesItsRecorderAndRevivesOnNextRecord() {
        WindowConfig config = new WindowConfig(1_000, 3);
        Timer timer = new Timer(config);
        assertFalse(timer.hasRecorder()); // nothing recorded yet: nothing allocated
        timer.record(3 * MS);
        assertTrue(timer.hasRecorder());
        timer.rotate(0);
        long now = 0;
        for (int i = 0; i < 10 && timer.hasRecorder(); i++) {
            now += 1_000;
            timer.rotate(now);
        }
        assertFalse(timer.hasRecorder());
        assertEquals(0, timer.liveSlices());

        timer.record(4 * MS);
        assertTrue(timer.hasRecorder());
        timer.rotate(now + 1_000);
        assertEquals(1, timer.window(1_000, now + 1_000).count());
        assertEquals(2, timer.lifetimeCount());
    }

    @Test
    void valuesRecordedIntoAReleasedRecorderAreStillDrained() throws Exception {
        // A writer that read the recorder just before its release keeps recording into it; simulate that by
        // releasing and then recording straight into the old recorder through reflection.
        Timer timer = new Timer(new WindowConfig(1_000, 2));
        timer.record(MS);
        timer.rotate(0);
        java.lang.reflect.Field field = Timer.class.getDeclaredField("recorder");
        field.setAccessible(true);
        org.HdrHistogram.Recorder before = (org.HdrHistogram.Recorder) field.get(timer);
        long now = 0;
        while (field.get(timer) != null) {
            now += 1_000;
            timer.rotate(now);
        }
        before.recordValue(5_000);
        timer.rotate(now + 1_000);
        assertEquals(2, timer.lifetimeCount());
        assertEquals(1, timer.window(1_000, now + 1_000).count());
    }

    @Test
    void concurrentRecordingLosesNothing() throws Exception {
        // 1 ms slices, 10,000 of them: the rotator below moves through up to 5,000 slices, all inside the span.
        Timer timer = new Timer(new WindowConfig(1, WindowConfig.MAX_SLICES));
        int threads = 4;
        int perThread = 100_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final long value = (t + 1) * MS;
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    timer.record(value);
                }
            });
            w.start();
            writers.add(w);
        }
        // Rotate while the writers run, so interval swaps race with recording.
        AtomicBoolean done = new AtomicBoolean();
        Thread rotator = new Thread(() -> {
            long now = 0;
            while (!done.get()) {
                timer.rotate(Math.min(now++, 5_000));
            }
        });
        rotator.start();
        start.countDown();
        for (Thread w : writers) {
            w.join();
        }
        done.set(true);
        rotator.join();
        timer.rotate(5_001);

        long expected = (long) threads * perThread;
        assertEquals(expected, timer.lifetimeCount());
        assertEquals(expected, timer.window(Long.MAX_VALUE, 5_001).count());
        long expectedSum = 0;
        for (int t = 0; t < threads; t++) {
            expectedSum += (t + 1) * MS * perThread;
        }
        assertEquals(expectedSum / 1e9, timer.lifetimeSumSeconds(), 1e-6);
        long[] out = new long[1];
        timer.lifetimeCumulativeBuckets(new double[]{Double.POSITIVE_INFINITY}, out);
        assertEquals(expected, out[0]);
    }

    @Test
    void compactSlicesStaySmall() {
        Timer timer = new Timer();
        for (int ms = 1; ms <= 1000; ms++) {
            timer.record(ms * MS);
        }
        timer.rotate(0);
        // 1,000 distinct milliseconds fall into about 550 HdrHistogram buckets; a full Histogram would take 27 KB.
        long bytes = timer.sliceFootprintBytes();
        assertTrue(bytes < 5_000, "one busy slice plus the 180-slot ring took " + bytes + " bytes");
    }

    @Test
    void mergingWindowsOfSeveralTimers() {
        Timer a = new Timer();
        Timer b = new Timer();
        a.record(10 * MS);
        b.record(30 * MS);
        a.rotate(0);
        b.rotate(0);
        org.HdrHistogram.Histogram all = Timer.newHistogram();
        a.addWindowTo(all, 60_000, 0);
        b.addWindowTo(all, 60_000, 0);
        Snapshot s = Snapshot.of(all, 60_000);
        assertEquals(2, s.count());
        assertWithinPrecision(30, s.maxMillis());
        assertWithinPrecision(10, s.minMillis());
    }
}

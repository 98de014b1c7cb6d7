package dev.vitals.agent.requests;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlowRequestsTest {
    private static SlowRequests.Entry entry(double millis, long time) {
        return new SlowRequests.Entry("GET", "/r", "/r", 200, "none", millis, time, null, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void thresholdDecidesWhatIsSlow() {
        SlowRequests slow = new SlowRequests(1_000, 3, 60_000);
        assertFalse(slow.isSlow(999_999_999L));
        assertTrue(slow.isSlow(1_000_000_000L));
    }

    @Test
    void keepsTheSlowestWhenFull() {
        SlowRequests slow = new SlowRequests(1, 3, 60_000);
        slow.add(entry(10, 1_000));
        slow.add(entry(30, 1_001));
        slow.add(entry(20, 1_002));
        slow.add(entry(5, 1_003));   // faster than all kept: dropped
        slow.add(entry(40, 1_004));  // replaces the 10 ms one
        List<SlowRequests.Entry> top = slow.slowest(10, 60_000, 2_000);
        assertEquals(List.of(40.0, 30.0, 20.0), top.stream().map(e -> e.durationMillis).toList());
    }

    @Test
    void oldEntriesGiveWayAndAreNotShown() {
        SlowRequests slow = new SlowRequests(1, 2, 10_000);
        slow.add(entry(500, 0));
        slow.add(entry(400, 1));
        slow.add(entry(1, 20_000));  // the oldest has expired: replaced although it was slower
        List<SlowRequests.Entry> recent = slow.slowest(10, 10_000, 20_000);
        assertEquals(List.of(1.0), recent.stream().map(e -> e.durationMillis).toList());
        assertEquals(1, slow.slowest(1, 100_000, 20_000).size(), "limit applies");
    }
}

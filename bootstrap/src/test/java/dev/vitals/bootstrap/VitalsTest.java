package dev.vitals.bootstrap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class VitalsTest {
    @AfterEach
    void restore() {
        Vitals.setFailureListener(null);
    }

    @Test
    void failuresReachTheInstalledListener() {
        List<String> seen = new ArrayList<>();
        Vitals.setFailureListener((instrumentation, t) -> seen.add(instrumentation + ":" + t.getMessage()));
        Vitals.reportFailure("jdbc", new IllegalStateException("boom"));
        assertEquals(List.of("jdbc:boom"), seen);
    }

    @Test
    void defaultIsANoOpAndNullRestoresIt() {
        assertSame(FailureListener.NOOP, Vitals.failureListener());
        Vitals.reportFailure("jdbc", new RuntimeException()); // nothing happens, nothing thrown
        Vitals.setFailureListener((i, t) -> { });
        Vitals.setFailureListener(null);
        assertSame(FailureListener.NOOP, Vitals.failureListener());
    }

    @Test
    void aThrowingListenerNeverReachesTheCaller() {
        Vitals.setFailureListener((instrumentation, t) -> {
            throw new IllegalStateException("listener bug");
        });
        Vitals.reportFailure("redis", new RuntimeException("x")); // must not throw
    }
}

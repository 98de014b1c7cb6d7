package dev.vitals.bootstrap;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CallDepthTest {
    @Test
    void nestingCountsDepthPerKind() {
        assertEquals(0, CallDepth.enter(CallDepth.JDBC));     // pool proxy's executeQuery
        assertEquals(1, CallDepth.enter(CallDepth.JDBC));     // driver's executeQuery
        assertEquals(0, CallDepth.enter(CallDepth.REDIS));    // other kinds are independent
        assertEquals(2, CallDepth.enter(CallDepth.JDBC));
        CallDepth.exit(CallDepth.JDBC);
        CallDepth.exit(CallDepth.REDIS);
        assertEquals(0, CallDepth.depth(CallDepth.REDIS));
        CallDepth.exit(CallDepth.JDBC);
        CallDepth.exit(CallDepth.JDBC);
        assertEquals(0, CallDepth.depth(CallDepth.JDBC));
        assertEquals(0, CallDepth.enter(CallDepth.JDBC));
        CallDepth.exit(CallDepth.JDBC);
    }

    @Test
    void unmatchedExitDoesNotGoNegative() {
        CallDepth.exit(CallDepth.MAIL);
        CallDepth.exit(CallDepth.MAIL);
        assertEquals(0, CallDepth.enter(CallDepth.MAIL));
        CallDepth.exit(CallDepth.MAIL);
    }

    @Test
    void depthIsPerThread() throws Exception {
        assertEquals(0, CallDepth.enter(CallDepth.HTTP_CLIENT));
        AtomicInteger other = new AtomicInteger(-1);
        Thread t = new Thread(() -> {
            other.set(CallDepth.enter(CallDepth.HTTP_CLIENT));
            CallDepth.exit(CallDepth.HTTP_CLIENT);
        });
        t.start();
        t.join();
        assertEquals(0, other.get());
        assertEquals(1, CallDepth.depth(CallDepth.HTTP_CLIENT));
        CallDepth.exit(CallDepth.HTTP_CLIENT);
    }

    @Test
    void allKindsAreDistinct() {
        int[] kinds = {CallDepth.SERVLET, CallDepth.JDBC, CallDepth.POOL, CallDepth.REDIS, CallDepth.HTTP_CLIENT,
                CallDepth.MAIL};
        for (int k : kinds) {
            CallDepth.enter(k);
        }
        for (int k : kinds) {
            assertEquals(1, CallDepth.depth(k));
            CallDepth.exit(k);
        }
    }
}

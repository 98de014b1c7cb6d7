package dev.vitals.agent.metrics;

import dev.vitals.bootstrap.CallDepth;
import dev.vitals.bootstrap.RequestScope;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recording path must allocate nothing in steady state. This measures bytes allocated by this thread
 * (HotSpot's per-thread TLAB accounting) around the calls advice makes. It asserts allocation, never time.
 */
class AllocationTest {
    private static final int CALLS = 100_000;
    /**
     * Allowed slack for the whole run: the measuring calls themselves, and a deoptimization or OSR transition of
     * the loop that can materialize a few objects. A single allocation per call would be at least 1.6 MB.
     */
    private static final long SLACK_BYTES = 1024;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private interface Work {
        long run(int calls);
    }

    private long allocatedBy(Work work) {
        long tid = Thread.currentThread().getId();
        long sink = 0;
        // Warm up so the loop and the callee are compiled (and so that one-time setup such as a thread-local's
        // initial value or a recorder's creation is not counted).
        for (int i = 0; i < 5; i++) {
            sink += work.run(CALLS);
        }
        long empty = threads.getThreadAllocatedBytes(tid);
        empty = threads.getThreadAllocatedBytes(tid) - empty; // cost of measuring itself
        long before = threads.getThreadAllocatedBytes(tid);
        sink += work.run(CALLS);
        long after = threads.getThreadAllocatedBytes(tid);
        if (sink == 42) {
            System.out.println(); // keeps the results alive
        }
        return after - before - empty;
    }

    @Test
    void timerRecordAllocatesNothing() {
        Timer timer = new Timer();
        long bytes = allocatedBy(calls -> {
            for (int i = 0; i < calls; i++) {
                timer.record(1_000L + i * 977L);
            }
            return calls;
        });
        timer.rotate(0);
        assertTrue(timer.lifetimeCount() > 0);
        assertTrue(bytes < SLACK_BYTES, "Timer.record allocated " + bytes + " bytes for " + CALLS + " calls");
    }

    @Test
    void existingSeriesLookupAllocatesNothing() {
        TimerFamily one = new TimerFamily("one_seconds", 100, WindowConfig.DEFAULT, "route");
        TimerFamily two = new TimerFamily("two_seconds", 100, WindowConfig.DEFAULT, "method", "route");
        CounterFamily four = new CounterFamily("four_total", 100, "a", "b", "c", "d");
        String[] routes = new String[16];
        for (int i = 0; i < routes.length; i++) {
            routes[i] = "/api/orders/" + i;
            one.get(routes[i]);
            two.get("GET", routes[i]);
            four.get("GET", routes[i], "200", "t");
        }
        long bytes = allocatedBy(calls -> {
            long n = 0;
            for (int i = 0; i < calls; i++) {
                String route = routes[i & 15];
                one.get(route).record(5_000);
                two.get("GET", route).record(5_000);
                four.get("GET", route, "200", "t").increment();
                n++;
            }
            return n;
        });
        assertTrue(bytes < SLACK_BYTES, "series lookup allocated " + bytes + " bytes for " + CALLS + " calls");
    }

    @Test
    void overflowLookupAllocatesNothing() {
        CounterFamily family = new CounterFamily("capped_total", 1, "route");
        family.get("/only");
        String[] floods = new String[64];
        for (int i = 0; i < floods.length; i++) {
            floods[i] = "/flood/" + i;
        }
        long bytes = allocatedBy(calls -> {
            for (int i = 0; i < calls; i++) {
                family.get(floods[i & 63]).increment();
            }
            return calls;
        });
        assertTrue(bytes < SLACK_BYTES, "overflow lookup allocated " + bytes + " bytes for " + CALLS + " calls");
    }

    @Test
    void callDepthAndRequestScopeAllocateNothing() {
        long bytes = allocatedBy(calls -> {
            long n = 0;
            for (int i = 0; i < calls; i++) {
                RequestScope scope = RequestScope.current();
                scope.begin();
                if (CallDepth.enter(CallDepth.JDBC) == 0) {
                    scope.addDatabase(100);
                }
                CallDepth.exit(CallDepth.JDBC);
                scope.addRedisLater(scope.requestId(), 50);
                scope.end();
                n += scope.databaseCount();
            }
            return n;
        });
        assertTrue(bytes < SLACK_BYTES, "CallDepth/RequestScope allocated " + bytes + " bytes for " + CALLS + " calls");
    }
}

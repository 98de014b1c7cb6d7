package dev.vitals.agent.cache;

import dev.vitals.bootstrap.RequestScope;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InFlightTest {
    @Test
    void putThenClaimOnce() {
        InFlight t = new InFlight();
        Object command = new Object();
        assertTrue(t.put(command, 1000, 3, null, 0));
        int slot = t.claim(command);
        assertTrue(slot >= 0);
        assertEquals(1000, t.start(slot));
        assertEquals(3, t.db(slot));
        t.release(slot);
        assertEquals(-1, t.claim(command), "a second completion finds nothing");
        assertEquals(-1, t.claim(new Object()), "a command never dispatched finds nothing");
    }

    @Test
    void aSecondDispatchKeepsTheFirstStartAndOneEntry() {
        InFlight t = new InFlight();
        Object command = new Object();
        t.put(command, 1000, 0, null, 0);
        t.put(command, 5000, 0, null, 0);
        int slot = t.claim(command);
        assertEquals(1000, t.start(slot));
        t.release(slot);
        assertEquals(-1, t.claim(command));
    }

    @Test
    void manyInFlightCommandsAndStaleSlotsAreReclaimed() {
        InFlight t = new InFlight();
        List<Object> commands = new ArrayList<>();
        int stored = 0;
        for (int i = 0; i < InFlight.SLOTS; i++) {
            Object c = new Object();
            commands.add(c);
            if (t.put(c, 0, 0, null, 0)) {
                stored++;
            }
        }
        assertTrue(stored > InFlight.SLOTS / 2, "stored " + stored);
        // Never completed: after the stale age every new command finds room again.
        long later = IdentitySlots.STALE_SECONDS * 1_000_000_000L + 1;
        for (int i = 0; i < 1000; i++) {
            assertTrue(t.put(new Object(), later, 0, null, 0));
        }
        for (Object c : commands) {
            int slot = t.claim(c);
            if (slot >= 0) {
                t.release(slot);
            }
        }
    }

    @Test
    void theDispatchingRequestGetsTheCommandOnceAndOnlyWhileItRuns() {
        InFlight t = new InFlight();
        RequestScope scope = RequestScope.current();
        scope.begin();
        Object settled = new Object();
        Object completed = new Object();
        Object late = new Object();
        t.put(settled, 1000, 0, scope, scope.requestId());
        t.put(completed, 2000, 0, scope, scope.requestId());
        t.put(late, 3000, 0, scope, scope.requestId());
        t.settle(settled, 1500); // the future completes first...
        int slot = t.claim(settled);
        t.settle(slot, 1700); // ...then the inner command: not counted twice
        t.release(slot);
        slot = t.claim(completed);
        t.settle(slot, 2300);
        t.release(slot);
        scope.end();
        slot = t.claim(late);
        t.settle(slot, 9000); // after the request ended
        t.release(slot);
        assertEquals(2, scope.redisCount());
        assertEquals(500 + 300, scope.redisNanos());
    }

    @Test
    void connectionDatabasesByIdentity() {
        RedisCommandRecorder.ConnectionDbs dbs = new RedisCommandRecorder.ConnectionDbs();
        Object a = new Object();
        Object b = new Object();
        assertEquals(0, dbs.get(a));
        dbs.put(a, 5);
        assertEquals(5, dbs.get(a));
        dbs.put(a, 0);
        assertEquals(0, dbs.get(a));
        dbs.put(b, 2);
        assertEquals(2, dbs.get(b));
    }
}

package dev.vitals.bootstrap;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestScopeTest {
    @Test
    void accumulatesOnlyWhileActive() {
        RequestScope scope = RequestScope.current();
        scope.end();
        scope.addDatabase(1_000); // outside a request: ignored
        scope.begin();
        assertTrue(scope.isActive());
        scope.addDatabase(100);
        scope.addDatabase(50);
        scope.addRedis(7);
        scope.addHttpClient(300);
        scope.addHttpClient(200);
        scope.addHttpClient(100);
        scope.end();
        scope.addRedis(1_000); // after the request: ignored
        assertFalse(scope.isActive());
        assertEquals(150, scope.databaseNanos());
        assertEquals(2, scope.databaseCount());
        assertEquals(7, scope.redisNanos());
        assertEquals(1, scope.redisCount());
        assertEquals(600, scope.httpClientNanos());
        assertEquals(3, scope.httpClientCount());
    }

    @Test
    void beginStartsFromZeroAndTheInstanceIsReused() {
        RequestScope scope = RequestScope.current();
        scope.begin();
        scope.addDatabase(5);
        scope.end();
        scope.begin();
        assertEquals(0, scope.databaseNanos());
        assertEquals(0, scope.databaseCount());
        scope.end();
        assertSame(scope, RequestScope.current());
    }

    @Test
    void eachThreadHasItsOwnScope() throws Exception {
        RequestScope mine = RequestScope.current();
        mine.begin();
        AtomicReference<RequestScope> theirs = new AtomicReference<>();
        Thread t = new Thread(() -> {
            RequestScope s = RequestScope.current();
            s.addDatabase(99); // not active on that thread
            theirs.set(s);
        });
        t.start();
        t.join();
        assertNotSame(mine, theirs.get());
        assertEquals(0, theirs.get().databaseCount());
        assertEquals(0, mine.databaseCount());
        mine.end();
    }
}

package dev.vitals.bootstrap;

import dev.vitals.bootstrap.http.AsyncClientCall;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
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

    /** An asynchronous call as the agent makes one: {@code finish} is what its completion callback does. */
    private static final class Call extends AsyncClientCall {
        Call(long startNanos) {
            super(startNanos);
        }

        long finish() {
            return end();
        }
    }

    @Test
    void asyncCallsCountAndAddTheirTimeWhenEndedBeforeTheFiguresAreRead() {
        RequestScope scope = RequestScope.current();
        scope.begin();
        long now = System.nanoTime();
        Call ended = new Call(now - 5_000_000L);
        Call inFlight = new Call(now - 50_000_000L);
        inFlight.future(new CompletableFuture<Void>());
        // The future is done but the callback has not run yet: the waiting thread can get here first.
        Call doneNotCalledBack = new Call(now - 2_000_000L);
        doneNotCalledBack.future(CompletableFuture.completedFuture(null));
        scope.addHttpClientAsync(ended);
        scope.addHttpClientAsync(inFlight);
        scope.addHttpClientAsync(doneNotCalledBack);
        assertTrue(ended.finish() >= 5_000_000L);
        assertEquals(-1L, ended.finish(), "a call ends once");
        for (int i = 0; i < 10; i++) {
            scope.addHttpClientAsync(new Call(now)); // beyond the 8 slots: counted, without time
        }
        scope.end();
        inFlight.finish(); // after the request: adds nothing
        assertEquals(13, scope.httpClientCount());
        long nanos = scope.httpClientNanos();
        assertTrue(nanos >= 7_000_000L && nanos < 7_000_000L + 10_000_000_000L, nanos + " ns");
        scope.begin();
        assertEquals(0, scope.httpClientCount());
        scope.end();
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

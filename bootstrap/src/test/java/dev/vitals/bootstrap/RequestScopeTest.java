package dev.vitals.bootstrap;

import dev.vitals.bootstrap.http.AsyncClientCall;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

    @Test
    void anotherThreadAddsToTheRequestThatDispatchedOnlyWhileItRuns() throws Exception {
        RequestScope scope = RequestScope.current();
        assertEquals(0, scope.requestId(), "outside a request");
        scope.begin();
        scope.addRedis(10); // a sync command on the request thread
        long first = scope.requestId();
        assertTrue(first != 0);
        onAnotherThread(() -> {
            scope.addRedisLater(first, 100);
            scope.addRedisLater(first, 200);
            scope.addRedisLater(0, 5_000); // dispatched outside any request
        });
        scope.end();
        assertEquals(310, scope.redisNanos());
        assertEquals(3, scope.redisCount());
        onAnotherThread(() -> scope.addRedisLater(first, 1_000)); // completed after its request ended
        assertEquals(310, scope.redisNanos());
        assertEquals(3, scope.redisCount());

        scope.begin(); // the next request on this thread
        long second = scope.requestId();
        assertNotEquals(first, second);
        onAnotherThread(() -> {
            scope.addRedisLater(first, 1_000); // the earlier request's late completion: not this request's
            scope.addRedisLater(second, 40);
        });
        scope.end();
        scope.end(); // twice: nothing more
        assertEquals(40, scope.redisNanos());
        assertEquals(1, scope.redisCount());
    }

    @Test
    void concurrentLateAddsAreAllCounted() throws Exception {
        RequestScope scope = RequestScope.current();
        scope.begin();
        long id = scope.requestId();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    scope.addRedisLater(id, 3);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        scope.end();
        assertEquals(40_000, scope.redisCount());
        assertEquals(120_000, scope.redisNanos());
    }

    private static void onAnotherThread(Runnable r) throws InterruptedException {
        Thread t = new Thread(r);
        t.start();
        t.join();
    }
}

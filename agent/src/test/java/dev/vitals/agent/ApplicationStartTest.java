package dev.vitals.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApplicationStartTest {
    /** A clock that moves only when slept on, and a class count that follows a script, one value per read. */
    private static final class Script implements ApplicationStart.Clock {
        final long[] counts;
        int reads;
        long nanos;
        final List<Long> sleeps = new ArrayList<>();
        /** The clock readings from which a web server's class counts as loaded, and the server as started; never by default. */
        long serverLoadsAt = Long.MAX_VALUE;
        long serverStartsAt = Long.MAX_VALUE;

        Script(long... counts) {
            this.counts = counts;
        }

        long loaded() {
            return counts[Math.min(reads++, counts.length - 1)];
        }

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public void sleep(long millis) {
            sleeps.add(millis);
            nanos += millis * 1_000_000L;
        }

        boolean await(long maxWaitMillis) throws InterruptedException {
            return new ApplicationStart(this::loaded, () -> nanos >= Math.min(serverLoadsAt, serverStartsAt),
                    () -> nanos >= serverStartsAt, this).awaitEnd(maxWaitMillis);
        }
    }

    @Test
    void overAfterTwoQuietPollsInARow() throws Exception {
        // Busy (500 and 400 a poll), one quiet poll, busy again, then two quiet polls.
        Script s = new Script(1000, 1500, 1900, 1910, 2400, 2420, 2425);
        assertTrue(s.await(15_000));
        assertEquals(6, s.sleeps.size(), "one poll per sleep, until the second quiet poll in a row");
        assertEquals(6 * ApplicationStart.POLL_MILLIS * 1_000_000L, s.nanos);
    }

    @Test
    void quietAtOnceWaitsTwoPolls() throws Exception {
        Script s = new Script(3000, 3000, 3001);
        assertTrue(s.await(15_000));
        assertEquals(List.of(ApplicationStart.POLL_MILLIS, ApplicationStart.POLL_MILLIS), s.sleeps);
    }

    @Test
    void aStartThatNeverGoesQuietWaitsTheLongestWaitAndNoMore() throws Exception {
        long[] busy = new long[100];
        for (int i = 0; i < busy.length; i++) {
            busy[i] = 1000L + 100L * i;
        }
        Script s = new Script(busy);
        assertFalse(s.await(1_000));
        assertEquals(1_000_000_000L, s.nanos, "waited exactly the longest wait");
    }

    @Test
    void theLastPollIsCutToTheLongestWait() throws Exception {
        Script s = new Script(0, 500, 1000, 1500);
        assertFalse(s.await(600));
        assertEquals(List.of(250L, 250L, 100L), s.sleeps);
    }

    @Test
    void aZeroWaitNeverSleeps() throws Exception {
        Script s = new Script(0);
        assertFalse(s.await(0));
        assertEquals(0, s.sleeps.size());
    }

    private static long[] neverQuiet() {
        long[] busy = new long[1000];
        for (int i = 0; i < busy.length; i++) {
            busy[i] = 1000L + 100L * i;
        }
        return busy;
    }

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aStartedServerEndsTheWaitFiveSecondsAfterItWasSeen() throws Exception {
        Script s = new Script(neverQuiet());
        s.serverStartsAt = 2 * SECOND; // seen at the poll after 2 s
        assertFalse(s.await(15_000));
        assertEquals(2 * SECOND + ApplicationStart.AFTER_SERVER_MILLIS * 1_000_000L, s.nanos);
    }

    /** A server started just before the longest wait still gets its 5 s; one still starting then is waited for. */
    @ParameterizedTest
    @CsvSource({"14, 19", "20, 25"})
    void aBusyStartEndsFiveSecondsAfterItsServerStarted(long startsAtSecond, long endsAtSecond) throws Exception {
        Script s = new Script(neverQuiet());
        s.serverLoadsAt = 3 * SECOND;
        s.serverStartsAt = startsAtSecond * SECOND;
        assertFalse(s.await(15_000));
        assertEquals(endsAtSecond * SECOND, s.nanos, "5 s after the server started, whatever the longest wait (15 s)");
    }

    @Test
    void aServerThatNeverStartsIsWaitedForAMinuteAtMost() throws Exception {
        Script s = new Script(neverQuiet());
        s.serverLoadsAt = 3 * SECOND;
        assertFalse(s.await(15_000));
        assertEquals(ApplicationStart.SERVER_START_LIMIT_MILLIS * 1_000_000L, s.nanos);
    }

    @Test
    void quietLoadingDoesNotEndTheWaitWhileAServerIsStarting() throws Exception {
        Script s = new Script(5000); // no class loaded at all
        s.serverLoadsAt = 0;
        s.serverStartsAt = 10 * SECOND;
        assertTrue(s.await(15_000));
        assertEquals(10 * SECOND, s.nanos, "quiet from the first polls, over at the first poll that sees the server started");
    }

    @Test
    void aQuietApplicationWhoseServerNeverStartsWaitsAMinuteAtMost() throws Exception {
        Script s = new Script(5000);
        s.serverLoadsAt = 0;
        assertFalse(s.await(15_000));
        assertEquals(ApplicationStart.SERVER_START_LIMIT_MILLIS * 1_000_000L, s.nanos);
    }

    @Test
    void withoutAServerTheLongestWaitHolds() throws Exception {
        Script s = new Script(neverQuiet());
        assertFalse(s.await(15_000));
        assertEquals(15 * SECOND, s.nanos);
    }

    @Test
    void quietLoadingStillEndsTheWaitBeforeTheServerGrace() throws Exception {
        Script s = new Script(3000, 3000, 3001);
        s.serverStartsAt = 0;
        assertTrue(s.await(15_000));
        assertEquals(2 * ApplicationStart.POLL_MILLIS * 1_000_000L, s.nanos);
    }
}

package dev.vitals.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token buckets, on a clock the test moves. */
class RateLimiterTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(123_456_789L);

    private RateLimiter limiter(double perSecond, int burst, int maxClients) {
        return new RateLimiter(perSecond, burst, maxClients, now::get);
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void aBurstGoesThroughThenTheClientWaitsForTheNextToken() throws Exception {
        RateLimiter limiter = limiter(1, 3, 100);
        InetAddress a = ip("192.0.2.10");
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.acquire(a), "request " + i + " of the burst");
        }
        assertEquals(SECOND, limiter.acquire(a), "one token a second: the next comes in a second");
        now.addAndGet(SECOND / 2);
        assertEquals(SECOND / 2, limiter.acquire(a), "half of it has come; a refused request costs nothing");
        now.addAndGet(SECOND / 2);
        assertEquals(0, limiter.acquire(a));
        assertTrue(limiter.acquire(a) > 0);
    }

    @Test
    void theSustainedRateIsTheConfiguredOne() throws Exception {
        RateLimiter limiter = limiter(5, 10, 100);
        InetAddress a = ip("192.0.2.10");
        int allowed = 0;
        // 100 requests a second for 10 s, against 5 a second with a burst of 10.
        for (int i = 0; i < 1000; i++) {
            if (limiter.acquire(a) == 0) {
                allowed++;
            }
            now.addAndGet(SECOND / 100);
        }
        assertEquals(10 + 5 * 10, allowed, 1.0);
    }

    @Test
    void eachClientHasItsOwnBucketAndIpv6CountsPerSlash64() throws Exception {
        RateLimiter limiter = limiter(1, 1, 100);
        assertEquals(0, limiter.acquire(ip("192.0.2.10")));
        assertTrue(limiter.acquire(ip("192.0.2.10")) > 0);
        assertEquals(0, limiter.acquire(ip("192.0.2.11")), "another address is another client");

        assertEquals(0, limiter.acquire(ip("2001:db8:1:2::1")));
        assertTrue(limiter.acquire(ip("2001:db8:1:2:ffff::99")) > 0, "same /64: the same client");
        assertEquals(0, limiter.acquire(ip("2001:db8:1:3::1")), "another /64");
    }

    @Test
    void theTableIsBoundedAndForgetsTheLeastRecentlySeenClient() throws Exception {
        RateLimiter limiter = limiter(1, 1, 2);
        InetAddress a = ip("192.0.2.1");
        InetAddress b = ip("192.0.2.2");
        limiter.acquire(a);
        limiter.acquire(b);
        assertTrue(limiter.acquire(a) > 0, "a is out of tokens, and now the most recently seen");
        assertEquals(0, limiter.acquire(ip("192.0.2.3")), "a third client pushes out b, the least recently seen");
        assertEquals(2, limiter.clients());
        assertTrue(limiter.acquire(a) > 0, "a is still remembered, still out of tokens");
        for (int i = 4; i < 10_000; i++) {
            limiter.acquire(ip("10.0." + (i >> 8) + "." + (i & 255)));
        }
        assertEquals(2, limiter.clients(), "thousands of addresses keep the table at its cap");
    }
}

package dev.vitals.exporter;

/** The listener's limits, fixed at start. */
final class Limits {
    final int maxBodyBytes;
    final long webSocketMaxPendingBytes;
    final long bodyTimeoutMillis;
    /** Requests per client address; {@code null} when off. */
    final RateLimiter rateLimiter;
    /** Whether loopback clients are rate-limited too. */
    final boolean rateLimitLoopback;

    Limits(int maxBodyBytes, long webSocketMaxPendingBytes, long bodyTimeoutMillis, RateLimiter rateLimiter,
            boolean rateLimitLoopback) {
        this.maxBodyBytes = maxBodyBytes;
        this.webSocketMaxPendingBytes = webSocketMaxPendingBytes;
        this.bodyTimeoutMillis = bodyTimeoutMillis;
        this.rateLimiter = rateLimiter;
        this.rateLimitLoopback = rateLimitLoopback;
    }
}

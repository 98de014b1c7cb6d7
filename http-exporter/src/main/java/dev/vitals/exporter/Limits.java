package dev.vitals.exporter;

/** The listener's limits, fixed at start. */
final class Limits {
    final int maxBodyBytes;
    final long webSocketMaxPendingBytes;
    final long bodyTimeoutMillis;

    Limits(int maxBodyBytes, long webSocketMaxPendingBytes, long bodyTimeoutMillis) {
        this.maxBodyBytes = maxBodyBytes;
        this.webSocketMaxPendingBytes = webSocketMaxPendingBytes;
        this.bodyTimeoutMillis = bodyTimeoutMillis;
    }
}

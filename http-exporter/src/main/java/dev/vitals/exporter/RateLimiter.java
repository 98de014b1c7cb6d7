package dev.vitals.exporter;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets per client address: each client may send {@code burst} requests at once, then
 * {@code perSecond} a second. IPv6 clients count per /64 prefix, since one host usually holds a whole /64.
 *
 * <p>Memory is bounded: at most {@code maxClients} buckets, the least recently used one forgotten first. A
 * forgotten client starts again with a full bucket, which is also what a client that paused long enough has.
 *
 * <p>Thread-safe; the IO threads call it once per request.
 */
final class RateLimiter {
    /** Default cap on the clients remembered. */
    static final int DEFAULT_MAX_CLIENTS = 10_000;

    private final double perNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Map<InetAddress, Bucket> buckets;

    /**
     * @param perSecond sustained requests a second per client, &gt; 0
     * @param burst requests a client may send at once, &gt;= 1
     */
    RateLimiter(double perSecond, int burst, int maxClients, LongSupplier nanoClock) {
        if (!(perSecond > 0) || burst < 1 || maxClients < 1) {
            throw new IllegalArgumentException("rate limit needs perSecond > 0, burst >= 1 and maxClients >= 1");
        }
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.buckets = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
                return size() > maxClients;
            }
        };
    }

    /**
     * Takes one request from the client's bucket.
     *
     * @return 0 when the request may go ahead, else the nanoseconds until the client may send the next one
     */
    synchronized long acquire(InetAddress client) {
        long now = nanoClock.getAsLong();
        InetAddress key = key(client);
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            bucket = new Bucket(burst, now);
            buckets.put(key, bucket);
        }
        double tokens = Math.min(burst, bucket.tokens + Math.max(0, now - bucket.at) * perNano);
        bucket.at = now;
        if (tokens >= 1) {
            bucket.tokens = tokens - 1;
            return 0;
        }
        bucket.tokens = tokens;
        return (long) Math.ceil((1 - tokens) / perNano);
    }

    /** How many clients are remembered now. */
    synchronized int clients() {
        return buckets.size();
    }

    private static InetAddress key(InetAddress client) {
        if (!(client instanceof Inet6Address)) {
            return client;
        }
        byte[] bytes = client.getAddress();
        for (int i = 8; i < bytes.length; i++) {
            bytes[i] = 0;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return client; // cannot happen for 16 bytes
        }
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}

package dev.vitals.agent.requests;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The slowest recent requests: a fixed number of slots, each holding one request slower than the
 * threshold. When all slots are full, a new slow request replaces a slot older than the retention, or
 * else the fastest one if it is slower than that. So memory is bounded and the list keeps what matters.
 *
 * <p>Thread-safe. Only requests over the threshold (rare by definition) reach the lock.
 */
public final class SlowRequests {
    /** One slow request, immutable. Durations in milliseconds, time in epoch milliseconds. */
    public static final class Entry {
        public final String method;
        public final String route;
        public final String path;
        public final int status;
        /** The request's {@code error_type}: an exception class, a 5xx status, or none. */
        public final String errorType;
        public final double durationMillis;
        public final long timeMillis;
        public final String tenant;
        public final long databaseNanos;
        public final long databaseCount;
        public final long redisNanos;
        public final long redisCount;
        public final long httpNanos;
        public final long httpCount;

        public Entry(String method, String route, String path, int status, String errorType, double durationMillis, long timeMillis,
                     String tenant, long databaseNanos, long databaseCount, long redisNanos, long redisCount,
                     long httpNanos, long httpCount) {
            this.method = method;
            this.route = route;
            this.path = path;
            this.status = status;
            this.errorType = errorType;
            this.durationMillis = durationMillis;
            this.timeMillis = timeMillis;
            this.tenant = tenant;
            this.databaseNanos = databaseNanos;
            this.databaseCount = databaseCount;
            this.redisNanos = redisNanos;
            this.redisCount = redisCount;
            this.httpNanos = httpNanos;
            this.httpCount = httpCount;
        }
    }

    private final long thresholdNanos;
    private final long retentionMillis;
    private final Entry[] slots;
    private int size;

    /**
     * @param thresholdMillis requests at least this slow are kept
     * @param capacity        how many are kept at most
     * @param retentionMillis entries older than this are the first to be replaced
     */
    public SlowRequests(long thresholdMillis, int capacity, long retentionMillis) {
        this.thresholdNanos = thresholdMillis * 1_000_000L;
        this.retentionMillis = retentionMillis;
        this.slots = new Entry[capacity];
    }

    public long thresholdNanos() {
        return thresholdNanos;
    }

    /** Whether a request of this duration is kept; callers check before building an {@link Entry}. */
    public boolean isSlow(long durationNanos) {
        return durationNanos >= thresholdNanos;
    }

    public synchronized void add(Entry e) {
        if (size < slots.length) {
            slots[size++] = e;
            return;
        }
        long expiredBefore = e.timeMillis - retentionMillis;
        int oldest = 0;
        int fastest = 0;
        for (int i = 1; i < size; i++) {
            if (slots[i].timeMillis < slots[oldest].timeMillis) {
                oldest = i;
            }
            if (slots[i].durationMillis < slots[fastest].durationMillis) {
                fastest = i;
            }
        }
        if (slots[oldest].timeMillis < expiredBefore) {
            slots[oldest] = e;
        } else if (slots[fastest].durationMillis < e.durationMillis) {
            slots[fastest] = e;
        }
    }

    /** The slowest entries no older than {@code windowMillis}, slowest first, at most {@code limit}. */
    public List<Entry> slowest(int limit, long windowMillis, long nowMillis) {
        List<Entry> out = new ArrayList<>();
        synchronized (this) {
            for (int i = 0; i < size; i++) {
                if (slots[i].timeMillis >= nowMillis - windowMillis) {
                    out.add(slots[i]);
                }
            }
        }
        out.sort(Comparator.comparingDouble((Entry e) -> e.durationMillis).reversed());
        return out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
    }

    public int capacity() {
        return slots.length;
    }
}

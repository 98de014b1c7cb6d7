package dev.vitals.agent.history;

import dev.vitals.agent.log.Log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The history directory: a fine tier (one rollup per {@code history.interval}) and a coarse tier (downsampled, one
 * rollup per {@code history.coarse.interval}), each a {@link SegmentLog}, within one disk budget.
 *
 * <p><b>Budget.</b> Before a record is appended, the oldest segments (by first record, across both tiers) are
 * deleted until the record fits, so the directory never holds more than {@code maxBytes} of segments. A record
 * larger than the whole budget is not written (logged, rate-limited).
 *
 * <p><b>One writer.</b> A lock file keeps a second JVM with the same {@code data.dir} from appending too; that
 * JVM runs without history and says so once.
 *
 * <p>Thread-safe: appends and pruning serialize on this object; reads go to the logs.
 */
final class HistoryStore {
    private final Path dir;
    private final long maxBytes;
    final SegmentLog fine;
    final SegmentLog coarse;
    private FileChannel lockChannel;
    private FileLock lock;
    private volatile long prunedSegments;

    HistoryStore(Path dir, long maxBytes) {
        this(dir, maxBytes, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * @param fineRetention   segments of the fine tier span at most 1/24 of it, so age pruning is gradual
     * @param coarseRetention the same for the coarse tier
     */
    HistoryStore(Path dir, long maxBytes, long fineRetention, long coarseRetention) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        // Segments small enough that pruning is gradual (about 1/32 of the budget), large enough to be few.
        long segmentBytes = Math.max(1 << 10, Math.min(16 << 20, maxBytes / 32));
        this.fine = new SegmentLog("fine", dir.resolve("fine"), segmentBytes, Math.max(1, fineRetention / 24));
        this.coarse = new SegmentLog("coarse", dir.resolve("coarse"), segmentBytes, Math.max(1, coarseRetention / 24));
    }

    /**
     * Takes the directory lock and indexes both tiers.
     *
     * @return false when another process holds the lock (history is then off for this process)
     */
    synchronized boolean open() throws IOException {
        Files.createDirectories(dir);
        lockChannel = FileChannel.open(dir.resolve("history.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            lockChannel = null;
            return false;
        }
        fine.open();
        coarse.open();
        return true;
    }

    synchronized void close() {
        fine.closeActive();
        coarse.closeActive();
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            Log.debug("history: releasing the lock failed: " + e);
        }
        lock = null;
        lockChannel = null;
    }

    Path dir() {
        return dir;
    }

    long maxBytes() {
        return maxBytes;
    }

    long totalBytes() {
        return fine.totalBytes() + coarse.totalBytes();
    }

    long prunedSegments() {
        return prunedSegments;
    }

    /** Appends {@code rollup} to {@code log}, pruning oldest-first to stay within the budget. */
    synchronized boolean append(SegmentLog log, Rollup rollup) throws IOException {
        byte[] payload = rollup.encode();
        long needed = log.bytesNeeded(rollup.start, payload.length);
        if (needed > maxBytes) {
            Log.warnRateLimited("history-too-big", "history: a rollup of " + payload.length
                    + " bytes does not fit in history.max.bytes=" + maxBytes + "; it is not kept", null);
            return false;
        }
        makeRoom(needed);
        needed = log.bytesNeeded(rollup.start, payload.length); // pruning may have closed the segment this log appends to
        makeRoom(needed);
        log.append(rollup.start, rollup.end, payload);
        return true;
    }

    private void makeRoom(long needed) {
        while (totalBytes() + needed > maxBytes) {
            SegmentLog.Segment oldest = oldestSegment();
            if (oldest == null) {
                return;
            }
            oldest.log.delete(oldest);
            prunedSegments++;
        }
    }

    private SegmentLog.Segment oldestSegment() {
        SegmentLog.Segment a = fine.oldest();
        SegmentLog.Segment b = coarse.oldest();
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return b.firstStart() <= a.firstStart() ? b : a;
    }

    /** Applies the time retention of both tiers. */
    synchronized void applyRetention(long now, long fineRetention, long coarseRetention) {
        long freed = fine.deleteEndedBefore(now - fineRetention) + coarse.deleteEndedBefore(now - coarseRetention);
        if (freed > 0) {
            Log.debug("history: retention freed " + freed + " bytes");
        }
    }

    /** Reads and decodes the records of {@code log} overlapping {@code [from, to)}; corrupt ones are skipped. */
    List<Rollup> read(SegmentLog log, List<SegmentLog.Entry> entries) {
        List<Rollup> out = new ArrayList<>(entries.size());
        for (SegmentLog.Entry e : entries) {
            Rollup r = decode(log, e);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    Rollup decode(SegmentLog log, SegmentLog.Entry e) {
        byte[] payload = log.read(e);
        if (payload == null) {
            return null;
        }
        try {
            return Rollup.decode(payload);
        } catch (RuntimeException ex) {
            log.reportCorrupt(e);
            return null;
        }
    }
}

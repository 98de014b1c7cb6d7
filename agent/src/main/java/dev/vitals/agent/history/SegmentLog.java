package dev.vitals.agent.history;

import dev.vitals.agent.log.Log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;

/**
 * One tier of history: a directory of append-only segment files {@code 00000001.seg}, {@code 00000002.seg}, ...
 * in creation order. Each file starts with the 4-byte magic {@code VHS1}; each record is
 * {@code [int length][int crc32][long start][long end][payload]}, big-endian, where the CRC covers start, end and
 * payload.
 *
 * <p><b>Crash safety.</b> A record is appended with one positional write and then forced. A {@code kill -9}
 * during the write leaves a torn last record: on open, the newest segment is verified record by record, and a
 * torn or corrupt tail is cut off with one log line. Older segments get a header scan at open (lengths must fit)
 * and a CRC check when a record is read; a bad record is skipped and logged once per segment. Each process
 * appends to a segment of its own, so a torn tail is never followed by new data in the same file.
 *
 * <p>Thread-safety: every method synchronizes on this object except the payload reads of {@link #read}, which
 * work on a copied index entry and tolerate a segment deleted under them.
 */
final class SegmentLog {
    static final int MAGIC = 0x56485331; // "VHS1"
    static final int FILE_HEADER = 4;
    static final int RECORD_HEADER = 24;
    /** Largest payload accepted; a length field above it is corruption. */
    static final int MAX_PAYLOAD = 64 << 20;

    /** One record's place on disk. Immutable. */
    static final class Entry {
        final Segment segment;
        final long offset;
        final int length;
        final long start;
        final long end;

        Entry(Segment segment, long offset, int length, long start, long end) {
            this.segment = segment;
            this.offset = offset;
            this.length = length;
            this.start = start;
            this.end = end;
        }

        long bytesOnDisk() {
            return RECORD_HEADER + (long) length;
        }
    }

    /** One segment file and the index of its valid records. Guarded by the owning log. */
    static final class Segment {
        final SegmentLog log;
        final Path path;
        final long sequence;
        final List<Entry> entries = new ArrayList<>();
        long size;
        boolean corruptReported;

        Segment(SegmentLog log, Path path, long sequence) {
            this.log = log;
            this.path = path;
            this.sequence = sequence;
        }

        long firstStart() {
            return entries.isEmpty() ? Long.MIN_VALUE : entries.get(0).start;
        }

        long lastEnd() {
            long max = Long.MIN_VALUE;
            for (Entry e : entries) {
                max = Math.max(max, e.end);
            }
            return max;
        }
    }

    private final String name;
    private final Path dir;
    private final long segmentBytes;
    private final long segmentSpanMillis;
    private final List<Segment> segments = new ArrayList<>();
    private Segment active;
    private FileChannel activeChannel;
    private long nextSequence = 1;

    /**
     * @param segmentBytes a segment is closed and a new one started once it holds this many bytes; this is also
     *                     the granularity of pruning by size
     * @param segmentSpanMillis a segment is also closed once its records span this long: the granularity of
     *                     pruning by age
     */
    SegmentLog(String name, Path dir, long segmentBytes, long segmentSpanMillis) {
        this.name = name;
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.segmentSpanMillis = segmentSpanMillis;
    }

    SegmentLog(String name, Path dir, long segmentBytes) {
        this(name, dir, segmentBytes, Long.MAX_VALUE);
    }

    private boolean needsNewSegment(long start) {
        return active == null || active.size >= segmentBytes
                || (!active.entries.isEmpty() && start - active.firstStart() >= segmentSpanMillis);
    }

    String name() {
        return name;
    }

    /** Reads the directory: indexes every segment, verifies the newest and cuts off a torn tail. */
    synchronized void open() throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.seg")) {
            for (Path p : stream) {
                files.add(p);
            }
        }
        Collections.sort(files);
        for (int i = 0; i < files.size(); i++) {
            Path p = files.get(i);
            long seq;
            try {
                seq = Long.parseLong(p.getFileName().toString().replace(".seg", ""));
            } catch (NumberFormatException e) {
                continue;
            }
            Segment s = new Segment(this, p, seq);
            scan(s, i == files.size() - 1);
            segments.add(s);
            nextSequence = Math.max(nextSequence, seq + 1);
        }
    }

    /** Indexes a segment; with {@code verify}, checks every CRC and truncates the file after the last good record. */
    private void scan(Segment s, boolean verify) throws IOException {
        try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.READ,
                verify ? StandardOpenOption.WRITE : StandardOpenOption.READ)) {
            long fileSize = ch.size();
            ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER);
            if (fileSize < FILE_HEADER || readInt(ch, 0) != MAGIC) {
                Log.warn("history: " + s.path + " is not a history segment (bad header); it is skipped");
                s.size = fileSize;
                s.corruptReported = true;
                return;
            }
            long pos = FILE_HEADER;
            String problem = null;
            while (pos < fileSize) {
                if (fileSize - pos < RECORD_HEADER) {
                    problem = "a torn record header";
                    break;
                }
                header.clear();
                readFully(ch, header, pos);
                header.flip();
                int length = header.getInt();
                int crc = header.getInt();
                long start = header.getLong();
                long end = header.getLong();
                if (length < 0 || length > MAX_PAYLOAD || pos + RECORD_HEADER + length > fileSize || end < start) {
                    problem = "a torn or corrupt record";
                    break;
                }
                if (verify) {
                    ByteBuffer payload = ByteBuffer.allocate(length);
                    readFully(ch, payload, pos + RECORD_HEADER);
                    if (crc(start, end, payload.array()) != crc) {
                        problem = "a record with a bad checksum";
                        break;
                    }
                }
                s.entries.add(new Entry(s, pos, length, start, end));
                pos += RECORD_HEADER + length;
            }
            s.size = pos;
            if (problem != null) {
                Log.warn("history: " + s.path + " ends with " + problem + " at byte " + pos + "; "
                        + (fileSize - pos) + " bytes skipped" + (verify ? " and cut off" : ""));
                s.corruptReported = true;
                if (verify) {
                    ch.truncate(pos);
                    ch.force(true);
                }
            }
        }
    }

    /**
     * Appends one record, starting a new segment first when there is none for this process or the current one is
     * full. Returns the bytes added to the directory.
     */
    synchronized long append(long start, long end, byte[] payload) throws IOException {
        long added = 0;
        if (needsNewSegment(start)) {
            added += startSegment();
        }
        ByteBuffer buffer = ByteBuffer.allocate(RECORD_HEADER + payload.length);
        buffer.putInt(payload.length).putInt(crc(start, end, payload)).putLong(start).putLong(end).put(payload);
        buffer.flip();
        long pos = active.size;
        while (buffer.hasRemaining()) {
            pos += activeChannel.write(buffer, pos);
        }
        // Survives kill -9 without this (the page cache outlives the process); force makes it survive power loss.
        activeChannel.force(false);
        active.entries.add(new Entry(active, active.size, payload.length, start, end));
        active.size = pos;
        return added + RECORD_HEADER + payload.length;
    }

    /** Bytes a record of {@code payloadLength} may add, a new segment's header included. */
    synchronized long bytesNeeded(long start, int payloadLength) {
        return RECORD_HEADER + payloadLength + (needsNewSegment(start) ? FILE_HEADER : 0);
    }

    private long startSegment() throws IOException {
        closeActive();
        Files.createDirectories(dir);
        Path p = dir.resolve(String.format("%08d.seg", nextSequence));
        Segment s = new Segment(this, p, nextSequence++);
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        ByteBuffer magic = ByteBuffer.allocate(FILE_HEADER).putInt(MAGIC);
        magic.flip();
        while (magic.hasRemaining()) {
            ch.write(magic, FILE_HEADER - magic.remaining());
        }
        s.size = FILE_HEADER;
        segments.add(s);
        active = s;
        activeChannel = ch;
        return FILE_HEADER;
    }

    /** Closes the segment this process appends to; the next append starts a new one. */
    synchronized void closeActive() {
        if (activeChannel != null) {
            try {
                activeChannel.close();
            } catch (IOException e) {
                Log.debug("history: closing " + active.path + " failed: " + e);
            }
        }
        active = null;
        activeChannel = null;
    }

    synchronized long totalBytes() {
        long total = 0;
        for (Segment s : segments) {
            total += s.size;
        }
        return total;
    }

    /** The oldest segment (by its first record), or null when there is none. Empty segments count as oldest. */
    synchronized Segment oldest() {
        Segment best = null;
        for (Segment s : segments) {
            if (best == null || s.firstStart() < best.firstStart()) {
                best = s;
            }
        }
        return best;
    }

    /** Deletes a segment (closing it first if this process appends to it). Returns the bytes freed. */
    synchronized long delete(Segment s) {
        if (!segments.remove(s)) {
            return 0;
        }
        if (s == active) {
            closeActive();
        }
        try {
            Files.deleteIfExists(s.path);
        } catch (IOException e) {
            Log.warnRateLimited("history-delete", "history: cannot delete " + s.path, e);
        }
        return s.size;
    }

    /** Deletes every segment whose records all ended at or before {@code cutoff}. Returns the bytes freed. */
    synchronized long deleteEndedBefore(long cutoff) {
        long freed = 0;
        for (Segment s : new ArrayList<>(segments)) {
            if (!s.entries.isEmpty() && s.lastEnd() <= cutoff) {
                freed += delete(s);
            }
        }
        return freed;
    }

    /** Index entries of records overlapping {@code [from, to)}, in time order. */
    synchronized List<Entry> entries(long from, long to) {
        List<Entry> out = new ArrayList<>();
        for (Segment s : segments) {
            for (Entry e : s.entries) {
                if (e.end > from && e.start < to) {
                    out.add(e);
                }
            }
        }
        out.sort((a, b) -> a.start != b.start ? Long.compare(a.start, b.start) : Long.compare(a.end, b.end));
        return out;
    }

    /** Newest record end of the tier, or {@code Long.MIN_VALUE} when it is empty. */
    synchronized long lastEnd() {
        long max = Long.MIN_VALUE;
        for (Segment s : segments) {
            max = Math.max(max, s.lastEnd());
        }
        return max;
    }

    synchronized int segmentCount() {
        return segments.size();
    }

    /**
     * The payload of one record, or null when its segment is gone or its checksum is wrong (logged once per
     * segment).
     */
    byte[] read(Entry e) {
        ByteBuffer buffer = ByteBuffer.allocate(RECORD_HEADER + e.length);
        try (FileChannel ch = FileChannel.open(e.segment.path, StandardOpenOption.READ)) {
            readFully(ch, buffer, e.offset);
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException io) {
            Log.warnRateLimited("history-read", "history: cannot read " + e.segment.path, io);
            return null;
        }
        buffer.flip();
        int length = buffer.getInt();
        int crc = buffer.getInt();
        long start = buffer.getLong();
        long end = buffer.getLong();
        byte[] payload = new byte[e.length];
        buffer.get(payload);
        if (length != e.length || start != e.start || end != e.end || crc(start, end, payload) != crc) {
            reportCorrupt(e);
            return null;
        }
        return payload;
    }

    /** Logs one line the first time a segment shows a bad record. */
    void reportCorrupt(Entry e) {
        synchronized (this) {
            if (e.segment.corruptReported) {
                return;
            }
            e.segment.corruptReported = true;
        }
        Log.warn("history: " + e.segment.path + " has a corrupt record at byte " + e.offset + "; it is skipped");
    }

    static int crc(long start, long end, byte[] payload) {
        CRC32 crc = new CRC32();
        ByteBuffer times = ByteBuffer.allocate(16).putLong(start).putLong(end);
        crc.update(times.array(), 0, 16);
        crc.update(payload, 0, payload.length);
        return (int) crc.getValue();
    }

    private static int readInt(FileChannel ch, long pos) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4);
        readFully(ch, b, pos);
        b.flip();
        return b.getInt();
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file at " + pos);
            }
            pos += n;
        }
    }
}

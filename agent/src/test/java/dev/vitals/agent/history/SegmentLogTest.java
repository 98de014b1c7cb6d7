package dev.vitals.agent.history;

import dev.vitals.agent.log.Log;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentLogTest {
    static Path logFile;

    @BeforeAll
    static void captureLog(@TempDir Path dir) {
        logFile = dir.resolve("agent.log");
        Log.configure("info", logFile.toString());
    }

    private static byte[] payload(int i) {
        return ("record-" + i + "-" + "x".repeat(i % 7)).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void appendsAndReadsBackAcrossReopen(@TempDir Path dir) throws IOException {
        SegmentLog log = new SegmentLog("fine", dir, 200);
        log.open();
        for (int i = 0; i < 20; i++) {
            log.append(i * 1000L, (i + 1) * 1000L, payload(i));
        }
        assertTrue(log.segmentCount() > 1, "small segments roll over");
        log.closeActive();

        SegmentLog reopened = new SegmentLog("fine", dir, 200);
        reopened.open();
        List<SegmentLog.Entry> all = reopened.entries(Long.MIN_VALUE, Long.MAX_VALUE);
        assertEquals(20, all.size());
        for (int i = 0; i < 20; i++) {
            assertEquals(i * 1000L, all.get(i).start);
            assertArrayEquals(payload(i), reopened.read(all.get(i)));
        }
        assertEquals(3, reopened.entries(2500, 5000).size(), "records overlapping [2.5 s, 5 s)");
        long before = Files.size(dir.resolve(String.format("%08d.seg", reopened.segmentCount())));
        reopened.append(99_000, 100_000, payload(1));
        assertEquals(before, Files.size(dir.resolve(String.format("%08d.seg", reopened.segmentCount() - 1))),
                "a new process appends to a new segment, never after an old tail");
    }

    @Test
    void tornTailIsCutOffWithOneLogLine(@TempDir Path dir) throws IOException {
        SegmentLog log = new SegmentLog("fine", dir, 1 << 20);
        log.open();
        for (int i = 0; i < 5; i++) {
            log.append(i, i + 1, payload(i));
        }
        log.closeActive();
        Path segment = dir.resolve("00000001.seg");
        long good = Files.size(segment);
        // A kill -9 in the middle of the sixth append: its header and half its payload reached the file.
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.seek(good);
            f.writeInt(100);
            f.writeInt(12345);
            f.writeLong(5);
            f.writeLong(6);
            f.write(new byte[40]);
        }
        long logBefore = Files.exists(logFile) ? Files.size(logFile) : 0;
        SegmentLog reopened = new SegmentLog("fine", dir, 1 << 20);
        reopened.open();
        assertEquals(5, reopened.entries(Long.MIN_VALUE, Long.MAX_VALUE).size());
        assertEquals(good, Files.size(segment), "the torn tail is cut off");
        String logged = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).substring((int) logBefore);
        assertEquals(1, logged.lines().filter(l -> l.contains("00000001.seg")).count(), logged);
        assertTrue(logged.contains("torn or corrupt record"), logged);
    }

    @Test
    void badChecksumInTheNewestSegmentCutsTheRestOff(@TempDir Path dir) throws IOException {
        SegmentLog log = new SegmentLog("fine", dir, 1 << 20);
        log.open();
        for (int i = 0; i < 4; i++) {
            log.append(i, i + 1, payload(i));
        }
        log.closeActive();
        List<SegmentLog.Entry> entries = log.entries(Long.MIN_VALUE, Long.MAX_VALUE);
        flipByte(dir.resolve("00000001.seg"), entries.get(3).offset + SegmentLog.RECORD_HEADER);
        SegmentLog reopened = new SegmentLog("fine", dir, 1 << 20);
        reopened.open();
        assertEquals(3, reopened.entries(Long.MIN_VALUE, Long.MAX_VALUE).size());
    }

    @Test
    void corruptRecordInAnOlderSegmentIsSkippedWhenRead(@TempDir Path dir) throws IOException {
        SegmentLog log = new SegmentLog("fine", dir, 100);
        log.open();
        for (int i = 0; i < 6; i++) {
            log.append(i, i + 1, payload(i));
        }
        log.closeActive();
        SegmentLog.Entry first = log.entries(0, 1).get(0);
        flipByte(first.segment.path, first.offset + SegmentLog.RECORD_HEADER + 2);
        SegmentLog reopened = new SegmentLog("fine", dir, 100);
        reopened.open();
        List<SegmentLog.Entry> all = reopened.entries(Long.MIN_VALUE, Long.MAX_VALUE);
        assertEquals(6, all.size(), "older segments are only header-scanned at open");
        assertNull(reopened.read(all.get(0)), "the checksum catches it at read time");
        assertArrayEquals(payload(1), reopened.read(all.get(1)));
    }

    @Test
    void aFileThatIsNotASegmentIsSkipped(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("00000001.seg"), "garbage".getBytes(StandardCharsets.UTF_8));
        SegmentLog log = new SegmentLog("fine", dir, 1 << 20);
        log.open();
        assertEquals(0, log.entries(Long.MIN_VALUE, Long.MAX_VALUE).size());
        log.append(1, 2, payload(1));
        assertEquals(1, log.entries(Long.MIN_VALUE, Long.MAX_VALUE).size());
        assertTrue(Files.exists(dir.resolve("00000002.seg")));
    }

    static void flipByte(Path file, long position) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(position);
            int b = f.read();
            f.seek(position);
            f.write(b ^ 0xFF);
        }
    }
}

package dev.vitals.agent.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void writesCreatesDirectoriesAndReplaces() throws Exception {
        Path target = dir.resolve("a/b/rules.json");
        assertFalse(AtomicFile.read(target).isPresent());
        AtomicFile.write(target, "one".getBytes(StandardCharsets.UTF_8));
        AtomicFile.write(target, "two".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("two".getBytes(StandardCharsets.UTF_8), AtomicFile.read(target).orElseThrow());
        assertFalse(Files.exists(dir.resolve("a/b/rules.json.tmp")), "the temporary file is renamed away");
    }

    @Test
    void aLeftoverTemporaryFileFromACrashDoesNotChangeWhatIsRead() throws Exception {
        Path target = dir.resolve("rules.json");
        AtomicFile.write(target, "kept".getBytes(StandardCharsets.UTF_8));
        // What a kill -9 between writing the temporary file and the rename leaves behind.
        Files.write(dir.resolve("rules.json.tmp"), "torn".getBytes(StandardCharsets.UTF_8));
        assertEquals("kept", new String(AtomicFile.read(target).orElseThrow(), StandardCharsets.UTF_8));
        AtomicFile.write(target, "next".getBytes(StandardCharsets.UTF_8));
        assertEquals("next", new String(AtomicFile.read(target).orElseThrow(), StandardCharsets.UTF_8));
        assertTrue(Files.exists(target));
    }
}

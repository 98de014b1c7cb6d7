package dev.vitals.launcher;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VitalsClassLoaderTest {
    private static final byte[] BYTES = new byte[20_000]; // larger than one 8 KB read chunk

    static {
        for (int i = 0; i < BYTES.length; i++) {
            BYTES[i] = (byte) i;
        }
    }

    @Test
    void anEntryOfKnownSizeIsReadWhole() throws IOException {
        assertArrayEquals(BYTES, VitalsClassLoader.readEntry(new ByteArrayInputStream(BYTES), BYTES.length));
    }

    @Test
    void anEntryOfUnknownSizeIsReadToItsEnd() throws IOException {
        assertArrayEquals(BYTES, VitalsClassLoader.readEntry(new ByteArrayInputStream(BYTES), -1));
    }

    @Test
    void anEntryThatDisagreesWithItsSizeIsRefused() {
        assertThrows(IOException.class, () -> VitalsClassLoader.readEntry(new ByteArrayInputStream(BYTES), BYTES.length + 1));
        assertThrows(IOException.class, () -> VitalsClassLoader.readEntry(new ByteArrayInputStream(BYTES), BYTES.length - 1));
    }
}

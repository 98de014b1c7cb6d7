package dev.vitals.launcher;

import dev.vitals.testing.ResourceCountingLoader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

    /**
     * Advice is inlined from the agent's own class files, read through this loader: asking its parents first made the
     * boot and platform loaders search every module of the runtime image for each one before they missed.
     */
    @Test
    void theAgentsOwnClassFilesAreReadWithoutAskingTheParents(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        byte[] classFile = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 1, 2, 3};
        Path jarPath = dir.resolve("agent.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jarPath))) {
            out.putNextEntry(new JarEntry(VitalsClassLoader.PREFIX + "dev/vitals/agent/SomeAdvice.classdata"));
            out.write(classFile);
            out.closeEntry();
        }
        ResourceCountingLoader parent = new ResourceCountingLoader();
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            VitalsClassLoader loader = new VitalsClassLoader(jar, parent);
            try (InputStream in = loader.getResourceAsStream("dev/vitals/agent/SomeAdvice.class")) {
                assertArrayEquals(classFile, in.readAllBytes());
            }
            assertEquals(List.of(), parent.asked, "the agent's own class file is read from its jar alone");

            assertNull(loader.getResourceAsStream("org/example/Other.class"));
            assertEquals(List.of("org/example/Other.class"), parent.asked, "anything else is asked of the parent first");
        }
    }
}

package dev.vitals.launcher;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LauncherTest {
    @Test
    void readsBothFormsOfTheSpecificationVersion() {
        assertEquals(7, Launcher.featureRelease("1.7"));
        assertEquals(8, Launcher.featureRelease("1.8"));
        assertEquals(9, Launcher.featureRelease("9"));
        assertEquals(11, Launcher.featureRelease("11"));
        assertEquals(25, Launcher.featureRelease("25"));
    }

    @Test
    void anUnreadableVersionCountsAsNew() {
        assertEquals(Integer.MAX_VALUE, Launcher.featureRelease(null));
        assertEquals(Integer.MAX_VALUE, Launcher.featureRelease("ea"));
    }

    @Test
    void anOlderJavaGetsOneLineAndNoAgent() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertFalse(Launcher.supported("1.8", "/usr/lib/jvm/java-8", new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals("[vitals] ERROR Vitals needs Java 11 or later and this JVM is Java 1.8 (/usr/lib/jvm/java-8);"
                + " the agent is not started and the application runs without it" + System.lineSeparator(),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void java11AndLaterStartSilently() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertTrue(Launcher.supported("11", "/jdk", out));
        assertTrue(Launcher.supported("17", "/jdk", out));
        assertEquals(0, err.size());
    }
}

package dev.vitals.agent.instrumentation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The javax and jakarta advice are one piece of code compiled against two packages (Byte Buddy inlines advice,
 * so it cannot call into a shared class that names either API). This test keeps the twins one: their code,
 * with comments dropped and {@code jakarta}/{@code Jakarta} read as {@code javax}/{@code Javax}, must be
 * the same text. Change one, change the other.
 */
class AdviceTwinsTest {
    private static final Path SOURCES = Paths.get("src", "main", "java", "dev", "vitals", "agent", "instrumentation");

    @ParameterizedTest
    @CsvSource({
            "servlet/JavaxServletAdvice.java, servlet/JakartaServletAdvice.java",
            "mail/JavaxMailAdvice.java, mail/JakartaMailAdvice.java"})
    void twinsDifferOnlyInTheirPackage(String javax, String jakarta) throws IOException {
        assertTrue(Files.isDirectory(SOURCES), "run from the agent module: no " + SOURCES.toAbsolutePath());
        List<String> a = code(SOURCES.resolve(javax), false);
        List<String> b = code(SOURCES.resolve(jakarta), true);
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            assertEquals(a.get(i), b.get(i), "line " + (i + 1) + " of the code of " + javax + " and " + jakarta
                    + " (comments dropped, jakarta read as javax) differ");
        }
        assertEquals(a.size(), b.size(), javax + " and " + jakarta + " differ in length");
    }

    @Test
    void aChangeToOneTwinIsSeen(@TempDir Path dir) throws IOException {
        Path original = SOURCES.resolve("servlet/JakartaServletAdvice.java");
        String text = new String(Files.readAllBytes(original), StandardCharsets.UTF_8);
        assertTrue(text.contains("return 0L;"), "the advice returns 0L when it records nothing");
        Path changed = dir.resolve("JakartaServletAdvice.java");
        Files.write(changed, text.replaceFirst("return 0L;", "return 2L;").getBytes(StandardCharsets.UTF_8));
        assertNotEquals(code(SOURCES.resolve("servlet/JavaxServletAdvice.java"), false), code(changed, true));
        assertEquals(code(SOURCES.resolve("servlet/JavaxServletAdvice.java"), false), code(original, true));
    }

    /** The file's code lines: comments and blank lines dropped, spaces trimmed, jakarta renamed to javax. */
    static List<String> code(Path file, boolean jakarta) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        text = text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)//.*$", "");
        if (jakarta) {
            text = text.replace("jakarta", "javax").replace("Jakarta", "Javax");
        }
        return text.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    }
}

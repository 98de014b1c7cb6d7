package dev.vitals.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Undertow and XNIO log through jboss-logging and XNIO registers MBeans; both can initialise
 * java.util.logging inside the application. These tests pin down what this module does about it.
 */
class LoggingIsolationTest {
    /** The one class whose absence turns XNIO's MBean registration into a silent no-op (see the agent's shading). */
    static final String XNIO_MBEAN_HOLDER_ACTION = "org/xnio/Xnio$MBeanHolder$1.class";

    @Test
    void jbossLoggingUsesTheExporterProvider() {
        Logger logger = Logger.getLogger("org.xnio.test");
        assertEquals(ExporterLoggerProvider.BridgeLogger.class, logger.getClass());
    }

    @Test
    void warningsGoToTheExporterLogAndInfoIsDropped() {
        List<String> lines = new CopyOnWriteArrayList<>();
        ExporterLoggerProvider.target((message, error) -> lines.add(message + " | " + error));
        try {
            Logger logger = Logger.getLogger("io.undertow.test");
            logger.info("XNIO version banner");
            logger.debugf("debug %s", "detail");
            logger.warnf("UT000001: something %s", "odd");
            logger.error("UT000002: failed", new IllegalStateException("why"));
            assertEquals(Arrays.asList("io.undertow.test: UT000001: something odd | null",
                    "io.undertow.test: UT000002: failed | java.lang.IllegalStateException: why"), lines);
        } finally {
            ExporterLoggerProvider.target(ExporterLog.stderr());
        }
    }

    @Test
    void withoutXnioMBeanHolderNothingInitialisesJulOrRegistersMBeans(@TempDir Path dir) throws Exception {
        List<String> out = runProbe(classPathWithout(dir, XNIO_MBEAN_HOLDER_ACTION));
        // Exactly these lines: no XNIO/Undertow banner reached stdout or stderr either.
        assertEquals(List.of("SERVED", "JUL-UNTOUCHED", "XNIO-MBEANS 0"), out);
    }

    /**
     * Documents the upstream behaviour the agent's shading works around: stock XNIO 3.8 registers its MBeans
     * through the platform MBean server, which initialises java.util.logging. jboss-logging is not the
     * culprit (it uses our provider). If this starts failing, XNIO changed: revisit the shading exclusion.
     */
    @Test
    void stockXnioInitialisesJulOnlyThroughItsMBeanRegistration(@TempDir Path dir) throws Exception {
        List<String> out = runProbe(classPath());
        assertTrue(out.contains("SERVED"), out.toString());
        String jul = out.stream().filter(l -> l.startsWith("JUL-INITIALISED")).findFirst().orElse(null);
        assertNotNull(jul, out.toString());
        assertTrue(jul.contains("org.xnio.Xnio$MBeanHolder"), jul);
        assertFalse(jul.contains("org.jboss.logging"), jul);
        assertTrue(out.contains("XNIO-MBEANS 3"), out.toString());
    }

    private static List<String> runProbe(List<String> classPath) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.util.logging.manager=" + TrapLogManager.class.getName());
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
        command.add(JulProbe.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "probe did not finish");
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), text);
        return Arrays.asList(text.split("\\R"));
    }

    /** The test class path as real entries (surefire may hand the JVM a manifest-only jar). */
    private static List<String> classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(cp.split(File.pathSeparator)).filter(s -> !s.isEmpty()).collect(Collectors.toList());
    }

    private static List<String> classPathWithout(Path dir, String entry) throws IOException {
        List<String> result = new ArrayList<>();
        boolean found = false;
        for (String element : classPath()) {
            if (Paths.get(element).getFileName().toString().startsWith("xnio-api-")) {
                Path filtered = dir.resolve("xnio-api-filtered.jar");
                found = copyJarWithout(Paths.get(element), filtered, entry);
                result.add(filtered.toString());
            } else {
                result.add(element);
            }
        }
        assertTrue(found, entry + " not found in xnio-api on " + result);
        return result;
    }

    private static boolean copyJarWithout(Path source, Path target, String skipped) throws IOException {
        boolean found = false;
        try (InputStream in = Files.newInputStream(source); ZipInputStream zin = new ZipInputStream(in);
                OutputStream out = Files.newOutputStream(target); ZipOutputStream zout = new ZipOutputStream(out)) {
            for (ZipEntry e = zin.getNextEntry(); e != null; e = zin.getNextEntry()) {
                if (e.getName().equals(skipped)) {
                    found = true;
                    continue;
                }
                zout.putNextEntry(new ZipEntry(e.getName()));
                zin.transferTo(zout);
                zout.closeEntry();
            }
        }
        return found;
    }
}

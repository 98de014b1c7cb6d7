package dev.vitals.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent jar as shipped: nothing of a third party unrelocated (the mistake behind jmx_exporter#1133 and
 * byte-buddy#1141), only the launcher and the bootstrap API loadable as classes, and the manifest entries
 * that make it an agent and a CLI.
 */
class AgentJarContentsTest {
    private static Path jar;
    private static List<String> entries;
    private static Manifest manifest;

    @BeforeAll
    static void readJar() throws IOException {
        jar = Jars.agent();
        try (JarFile file = new JarFile(jar.toFile())) {
            entries = new ArrayList<>();
            for (JarEntry e : Collections.list(file.entries())) {
                entries.add(e.getName());
            }
            manifest = file.getManifest();
        }
    }

    /**
     * The shade plugin rewrites string constants that look like relocated names. In our own classes a dotted
     * {@code dev.vitals.shaded.} string is therefore a literal that meant the application's class (a matcher for
     * {@code io.undertow.Undertow} silently matching nothing); type references use slashes and do not count.
     */
    @Test
    void ownClassesHoldNoRelocatedStringConstants() throws IOException {
        List<String> offenders = new ArrayList<>();
        byte[] needle = "dev.vitals.shaded.".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry e : Collections.list(file.entries())) {
                boolean own = e.getName().startsWith("dev/vitals/inst/dev/vitals/agent/")
                        || e.getName().startsWith("dev/vitals/inst/dev/vitals/exporter/")
                        || (e.getName().startsWith("dev/vitals/bootstrap/") && e.getName().endsWith(".class"));
                if (own && contains(file.getInputStream(e).readAllBytes(), needle)) {
                    offenders.add(e.getName());
                }
            }
        }
        assertTrue(offenders.isEmpty(), "string constants rewritten by relocation (use Unrelocated.name): " + offenders);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void everyClassIsOurs() {
        List<String> foreign = new ArrayList<>();
        for (String name : entries) {
            if (name.endsWith(".class") && !name.startsWith("dev/vitals/") && !name.startsWith("META-INF/")) {
                foreign.add(name);
            }
        }
        assertTrue(foreign.isEmpty(), foreign.size() + " class(es) outside dev/vitals/ in " + jar + ", e.g. "
                + foreign.subList(0, Math.min(20, foreign.size())));
    }

    @Test
    void onlyTheLauncherAndTheBootstrapApiAreLoadableClasses() {
        // docs/ARCHITECTURE.md: everything else is dev/vitals/inst/**.classdata, which only VitalsClassLoader reads.
        List<String> loadable = new ArrayList<>();
        for (String name : entries) {
            if (name.endsWith(".class") && !name.startsWith("META-INF/")
                    && !name.startsWith("dev/vitals/launcher/")
                    && !name.startsWith("dev/vitals/bootstrap/")) {
                loadable.add(name);
            }
        }
        assertTrue(loadable.isEmpty(), "loadable classes beyond launcher/bootstrap: "
                + loadable.subList(0, Math.min(20, loadable.size())));
    }

    @Test
    void theBootstrapClassListNamesEveryBootstrapClass() throws IOException {
        // Premain opens the entries this list names, not the whole jar: a class missing from it would be missing
        // from the boot loader.
        Set<String> expected = new TreeSet<>();
        for (String name : entries) {
            if (name.endsWith(".class") && name.startsWith("dev/vitals/bootstrap/")) {
                expected.add(name);
            }
        }
        Set<String> listed = new TreeSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry list = file.getJarEntry("dev/vitals/bootstrap/classes.list");
            assertTrue(list != null, "dev/vitals/bootstrap/classes.list is in " + jar);
            try (InputStream in = file.getInputStream(list)) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank()) {
                        listed.add(line.trim());
                    }
                }
            }
        }
        assertTrue(expected.size() > 25, "bootstrap classes in the jar: " + expected.size());
        assertEquals(expected, listed);
    }

    @Test
    void hiddenClassesAreRelocatedUnderDevVitals() {
        List<String> unrelocated = new ArrayList<>();
        int hidden = 0;
        for (String name : entries) {
            if (name.startsWith("dev/vitals/inst/") && name.endsWith(".classdata")) {
                hidden++;
                String className = name.substring("dev/vitals/inst/".length());
                if (!className.startsWith("dev/vitals/") && !className.startsWith("META-INF/")) {
                    unrelocated.add(className);
                }
            }
        }
        assertTrue(hidden > 0, "no dev/vitals/inst/**.classdata entries: is this the agent jar as built?");
        assertTrue(unrelocated.isEmpty(), "third-party classes not relocated under dev.vitals.shaded: "
                + unrelocated.subList(0, Math.min(20, unrelocated.size())));
        assertTrue(entries.contains("dev/vitals/inst/dev/vitals/agent/Agent.classdata"), "the agent's main class is missing");
    }

    @Test
    void manifestMakesItAnAgentAndACli() {
        assertNotNull(manifest, "no manifest in " + jar);
        Attributes main = manifest.getMainAttributes();
        for (String attribute : List.of("Premain-Class", "Agent-Class", "Main-Class")) {
            String value = main.getValue(attribute);
            assertNotNull(value, attribute + " missing from the manifest");
            assertTrue(entries.contains(value.replace('.', '/') + ".class"), attribute + " " + value + " is not in the jar");
        }
        assertEquals("true", main.getValue("Can-Retransform-Classes"));
    }

    @Test
    void versionCommandPrintsTheVersion() {
        String version = System.getProperty("vitals.version", "0.1.0-SNAPSHOT");
        AgentProcess.Finished run = AgentProcess.jar(jar).withoutAgent().args("version").run(Duration.ofSeconds(30));
        assertEquals(0, run.exitCode(), run.description());
        assertTrue(run.stdout().contains(version), "version output should contain " + version + run.description());
    }
}

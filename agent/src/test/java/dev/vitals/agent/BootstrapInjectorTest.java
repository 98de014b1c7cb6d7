package dev.vitals.agent;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.Remapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HdrHistogram classes the injector leaves out of the boot loader must be unreachable: every class the bootstrap
 * API or the agent refers to (in code, signatures, constants), followed through HdrHistogram's own references, is
 * read from the compiled classes here (unrelocated: {@code org/HdrHistogram}).
 */
class BootstrapInjectorTest {
    private static final String LIBRARY = "org/HdrHistogram/";

    @Test
    void noClassLeftOutOfTheBootLoaderIsReachable() throws Exception {
        Set<String> roots = new HashSet<>();
        roots.addAll(classesUnder(codeSource(dev.vitals.bootstrap.Vitals.class), "dev/vitals/bootstrap/"));
        roots.addAll(classesUnder(codeSource(BootstrapInjector.class), "dev/vitals/"));
        assertTrue(roots.size() > 100, "classes found: " + roots.size());

        Set<String> reached = new TreeSet<>();
        Deque<String> pending = new ArrayDeque<>();
        for (String root : roots) {
            for (String ref : references(root)) {
                if (ref.startsWith(LIBRARY) && reached.add(ref)) {
                    pending.add(ref);
                }
            }
        }
        while (!pending.isEmpty()) {
            for (String ref : references(pending.poll())) {
                if (ref.startsWith(LIBRARY) && reached.add(ref)) {
                    pending.add(ref);
                }
            }
        }
        assertTrue(reached.contains(LIBRARY + "Recorder"), "the walk reaches what the timers record into: " + reached);
        List<String> leftOutButReached = reached.stream()
                .filter(name -> BootstrapInjector.unusedHistogramClass(name.substring(LIBRARY.length())))
                .collect(Collectors.toList());
        assertEquals(List.of(), leftOutButReached, "left out of the boot loader, yet reachable");
    }

    /**
     * The bootstrap API lives in the boot loader, which sees only the JDK's boot modules: a class of {@code java.sql}
     * (the platform loader's) named in its code fails there with {@code NoClassDefFoundError}, which advice swallows,
     * although every test that loads the API from the class path passes.
     */
    @Test
    void theBootstrapApiNamesNoJdkClassTheBootLoaderCannotSee() throws Exception {
        Set<String> notInBootLoader = new TreeSet<>();
        for (String root : classesUnder(codeSource(dev.vitals.bootstrap.Vitals.class), "dev/vitals/bootstrap/")) {
            for (String ref : references(root)) {
                if (ref.startsWith("java/") || ref.startsWith("javax/") || ref.startsWith("jdk/") || ref.startsWith("sun/")) {
                    String name = ref.replace('/', '.');
                    try {
                        Class.forName(name, false, null);
                    } catch (ClassNotFoundException e) {
                        notInBootLoader.add(name + " (in " + root + ")");
                    }
                }
            }
        }
        assertEquals(Set.of(), notInBootLoader, "named by the bootstrap API, not visible to the boot loader");
    }

    @Test
    void everyClassNamedAsUnusedExistsInTheLibrary() {
        for (String unused : BootstrapInjector.UNUSED_HISTOGRAM_CLASSES) {
            if (unused.equals("package-info")) {
                continue; // only in the relocated jar's package
            }
            assertNotNull(ClassLoader.getSystemResource(LIBRARY + unused + ".class"), unused);
        }
        assertTrue(BootstrapInjector.unusedHistogramClass("HistogramLogReader$1"));
        assertFalse(BootstrapInjector.unusedHistogramClass("Histogram"));
        assertFalse(BootstrapInjector.unusedHistogramClass("DoubleHistogram"), "reached through EncodableHistogram");
    }

    private static Path codeSource(Class<?> type) throws URISyntaxException {
        return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /**
     * Internal names of the classes under {@code prefix} in a classes directory, or in a jar: a whole-reactor build
     * puts the bootstrap module's packaged jar on this module's class path.
     */
    private static Set<String> classesUnder(Path classes, String prefix) throws IOException {
        if (Files.isRegularFile(classes)) {
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(classes.toFile())) {
                return jar.stream().map(java.util.jar.JarEntry::getName)
                        .filter(name -> name.startsWith(prefix) && name.endsWith(".class"))
                        .map(name -> name.substring(0, name.length() - ".class".length()))
                        .collect(Collectors.toSet());
            }
        }
        assertTrue(Files.isDirectory(classes), "expected a classes directory or a jar: " + classes);
        try (Stream<Path> files = Files.walk(classes.resolve(prefix))) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> classes.relativize(f).toString().replace('\\', '/'))
                    .map(f -> f.substring(0, f.length() - ".class".length()))
                    .collect(Collectors.toSet());
        }
    }

    /** Every internal name a class file mentions: supertypes, fields, descriptors, signatures, code, constants. */
    private static Set<String> references(String internalName) {
        Set<String> names = new HashSet<>();
        try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
            assertNotNull(in, "no class file for " + internalName);
            // The visitor must return method visitors: for a null one ClassRemapper skips the method's code.
            new ClassReader(in).accept(new ClassRemapper(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    return new MethodVisitor(Opcodes.ASM9) {
                    };
                }
            }, new Remapper(Opcodes.ASM9) {
                @Override
                public String map(String name) {
                    names.add(name);
                    return name;
                }
            }), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}

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
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the injector defines in the boot loader must be able to live there: every class the bootstrap API refers to (in
 * code, signatures, constants) is read from the compiled classes here. A reference the boot loader cannot resolve fails
 * only when advice runs it, as a {@code NoClassDefFoundError} the advice swallows, so nothing else would catch it.
 */
class BootstrapInjectorTest {
    private static final String API = "dev/vitals/bootstrap/";

    /**
     * The API names only itself and the JDK: the metric store and HdrHistogram, which recorders record into, live in
     * the agent's class loader, and only the API is defined in the boot loader.
     */
    @Test
    void theBootstrapApiNamesNothingButItselfAndTheJdk() throws Exception {
        Set<String> roots = classesUnder(codeSource(dev.vitals.bootstrap.Vitals.class), API);
        assertTrue(roots.size() > 20, "classes found: " + roots);
        Set<String> outside = new TreeSet<>();
        for (String root : roots) {
            for (String ref : references(root)) {
                if (!ref.startsWith(API) && !isJdk(ref)) {
                    outside.add(ref + " (in " + root + ")");
                }
            }
        }
        assertEquals(Set.of(), outside, "named by the bootstrap API, neither the API nor the JDK");
    }

    /**
     * The bootstrap API lives in the boot loader, which sees only the JDK's boot modules: a class of {@code java.sql}
     * (the platform loader's) named in its code fails there with {@code NoClassDefFoundError}, which advice swallows,
     * although every test that loads the API from the class path passes.
     */
    @Test
    void theBootstrapApiNamesNoJdkClassTheBootLoaderCannotSee() throws Exception {
        Set<String> notInBootLoader = new TreeSet<>();
        for (String root : classesUnder(codeSource(dev.vitals.bootstrap.Vitals.class), API)) {
            for (String ref : references(root)) {
                if (isJdk(ref)) {
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

    private static boolean isJdk(String internalName) {
        return internalName.startsWith("java/") || internalName.startsWith("javax/") || internalName.startsWith("jdk/")
                || internalName.startsWith("sun/");
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

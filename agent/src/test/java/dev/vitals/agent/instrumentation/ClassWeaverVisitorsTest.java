package dev.vitals.agent.instrumentation;

import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ClassWeaver#linkVisitors} links, at the install, every ASM visitor the weaving uses, so that the JIT's
 * compile of ASM's {@code ClassReader.readMethod}, made while the type index's visitors are the only ones, is not
 * thrown away when the first class is woven. A visitor class added to the weaving without being linked there would
 * bring that back: this fails on any visitor class of the instrumentation package the list leaves out.
 */
class ClassWeaverVisitorsTest {
    /** The type index's visitors run before any weaving; they are what the compile sees first. */
    private static final String TYPE_INDEX = TypeIndex.class.getName() + "$";

    @Test
    void everyVisitorOfTheWeavingIsLinkedAtTheInstall() throws Exception {
        Set<String> linked = Arrays.stream(ClassWeaver.linkVisitors()).map(Class::getName).collect(Collectors.toSet());
        Path classes = Paths.get(ClassWeaver.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(ClassWeaver.class.getPackageName().replace('.', '/'));
        List<String> visitors;
        try (Stream<Path> files = Files.list(classes)) {
            visitors = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".class"))
                    .map(f -> ClassWeaver.class.getPackageName() + "." + f.substring(0, f.length() - ".class".length()))
                    .filter(name -> !name.startsWith(TYPE_INDEX))
                    .filter(ClassWeaverVisitorsTest::isAsmVisitor)
                    .sorted().collect(Collectors.toList());
        }
        assertTrue(visitors.size() >= 5, "the weaver's visitors are found: " + visitors);
        List<String> missing = visitors.stream().filter(v -> !linked.contains(v)).collect(Collectors.toList());
        assertEquals(List.of(), missing, "visitor classes of the weaving not linked at the install");
        for (String asm : new String[] {"ClassWriter", "MethodWriter", "AnnotationWriter"}) {
            assertTrue(linked.contains(ClassWriter.class.getName().replace("ClassWriter", asm)), asm + " is linked: " + linked);
        }
    }

    private static boolean isAsmVisitor(String name) {
        try {
            Class<?> c = Class.forName(name, false, ClassWeaver.class.getClassLoader());
            return ClassVisitor.class.isAssignableFrom(c) || MethodVisitor.class.isAssignableFrom(c)
                    || AnnotationVisitor.class.isAssignableFrom(c);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new AssertionError(name, e);
        }
    }
}

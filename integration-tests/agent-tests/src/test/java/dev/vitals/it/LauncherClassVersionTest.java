package dev.vitals.it;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM older than Vitals supports must still start the application: the class a {@code -javaagent} names is
 * loaded before any of its code runs, and one of a newer class-file version stops the JVM. So the entry class is
 * Java 8 byte code (major 52), and everything it links before its version check is too. No Java 8 runtime is
 * installed here (Debian 12 has none), so this reads the built jar instead of running one.
 */
class LauncherClassVersionTest {
    private static final String LAUNCHER = "dev/vitals/launcher/Launcher";
    private static final int JAVA_8 = 52;
    private static final int JAVA_11 = 55;

    @Test
    void everyEntryPointIsJava8ByteCodeThatLinksOnlyTheJdk() throws IOException {
        try (JarFile jar = new JarFile(Jars.agent().toFile())) {
            Attributes manifest = jar.getManifest().getMainAttributes();
            for (String entry : new String[] {"Premain-Class", "Agent-Class", "Main-Class"}) {
                assertEquals(LAUNCHER.replace('/', '.'), manifest.getValue(entry), entry);
            }
            ClassFile launcher = ClassFile.read(jar, LAUNCHER);
            assertEquals(JAVA_8, launcher.major, "class-file version of " + LAUNCHER);
            // Whatever the launcher names as a class is resolved, at the latest, when the instruction runs; every
            // one of them must load on Java 8: the JDK's own (compiled with --release 8) or the launcher itself.
            for (String name : launcher.classes) {
                String element = name.replaceFirst("^\\[+L?", "").replaceFirst(";$", "");
                assertTrue(element.startsWith("java/") || element.equals(LAUNCHER) || element.length() == 1,
                        LAUNCHER + " links " + name + ", which a Java 8 JVM may not load before the version check");
            }
            for (String constant : launcher.utf8) {
                assertFalse(constant.replace(LAUNCHER, "").contains("dev/vitals/"),
                        LAUNCHER + " names an agent type in \"" + constant + "\"");
            }
            // The rest of the launcher is Java 11 and is reached by name only, after the check.
            assertTrue(launcher.strings.contains("dev.vitals.launcher.Start"), launcher.strings.toString());
            assertEquals(JAVA_11, ClassFile.read(jar, "dev/vitals/launcher/Start").major);
        }
    }

    /** The parts of a class file this test reads: its version and the class and string constants of its pool. */
    private static final class ClassFile {
        int major;
        final List<String> classes = new ArrayList<>();
        final List<String> strings = new ArrayList<>();
        /** Every UTF-8 constant: names, descriptors and signatures, which name the types the verifier may load. */
        final List<String> utf8 = new ArrayList<>();

        static ClassFile read(JarFile jar, String internalName) throws IOException {
            ZipEntry entry = jar.getEntry(internalName + ".class");
            assertNotNull(entry, internalName + ".class is not a loadable class in the agent jar");
            try (InputStream in = jar.getInputStream(entry)) {
                return parse(new DataInputStream(in));
            }
        }

        private static ClassFile parse(DataInputStream in) throws IOException {
            ClassFile file = new ClassFile();
            assertEquals(0xCAFEBABE, in.readInt());
            in.readUnsignedShort(); // minor
            file.major = in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            List<Integer> classIndexes = new ArrayList<>();
            List<Integer> stringIndexes = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7 -> classIndexes.add(in.readUnsignedShort());
                    case 8 -> stringIndexes.add(in.readUnsignedShort());
                    case 3, 4 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++; // eight-byte constants take two slots
                    }
                    case 9, 10, 11, 12, 17, 18 -> in.readInt();
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    case 16, 19, 20 -> in.readUnsignedShort();
                    default -> throw new AssertionError("unknown constant pool tag " + tag + " at " + i);
                }
            }
            for (String s : utf8) {
                if (s != null) {
                    file.utf8.add(s);
                }
            }
            classIndexes.forEach(i -> file.classes.add(utf8[i]));
            stringIndexes.forEach(i -> file.strings.add(utf8[i]));
            return file;
        }
    }
}

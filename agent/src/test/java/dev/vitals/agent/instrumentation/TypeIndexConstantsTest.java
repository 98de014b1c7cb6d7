package dev.vitals.agent.instrumentation;

import net.bytebuddy.jar.asm.ClassReader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TypeIndexConstantsTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** What a test checks about a class while it loads, given the class's name. */
    private interface Checks {
        void run(String name);
    }

    /** Runs {@code checks} while {@code type}'s class file is the one loading on this thread, as the transformer hands it. */
    private static void whileLoading(Class<?> type, Checks checks) throws IOException {
        Object outer = TypeIndex.begin(type.getName().replace('.', '/'), classFile(type));
        try {
            checks.run(type.getName());
        } finally {
            TypeIndex.end(outer);
        }
    }

    /** Whether a constant of the loading class starts with one of {@code prefixes}, as a matcher asks it. */
    private static boolean holds(String name, String... prefixes) {
        byte[][] ascii = new byte[prefixes.length][];
        for (int i = 0; i < prefixes.length; i++) {
            ascii[i] = ascii(prefixes[i]);
        }
        return TypeIndex.holdsConstantStartingWith(name, ascii);
    }

    static byte[] classFile(Class<?> type) throws IOException {
        String internal = type.getName().replace('.', '/');
        try (InputStream in = type.getClassLoader().getResourceAsStream(internal + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Declares one advised JDBC name, and a method whose name holds another advised name past its start. */
    static final class Declares {
        int executeQuery(String sql) {
            return sql.length();
        }

        boolean notValid(CharSequence connection) {
            return connection.length() == 0;
        }
    }

    @Test
    void aConstantStartsWithTheNameOfAMethodTheClassDeclaresOrWithItsDescriptor() throws Exception {
        whileLoading(Declares.class, name -> {
            assertTrue(holds(name, "prepareCall", "executeQuery"));
            assertTrue(holds(name, "execute"), "a prefix of the name");
            assertTrue(holds(name, "(Ljava/lang/CharSequence;)"), "a descriptor");
            assertFalse(holds(name, "prepareCall", "isValid"));
            // In the class file, but not at a constant's start: "notValid" holds "Valid", the descriptor "Sequence;".
            assertFalse(holds(name, "Valid"));
            assertFalse(holds(name, "Sequence;"));
            assertFalse(holds(name, "(Ljakarta/servlet/ServletRequest;"));
            // Another class than the one loading: its bytes are not at hand, so it is kept.
            assertTrue(holds("some.OtherClass", "isValid"));
        });
    }

    /** A long and a double take two slots of the constant pool; the walk must step over the second. */
    static final class WideConstants {
        long big() {
            return 1234567890123L;
        }

        double precise() {
            return 3.14159;
        }

        void prepareStatement(String sql) {
            sql.length();
        }
    }

    @Test
    void stepsOverTheSecondSlotOfLongAndDoubleConstants() throws Exception {
        whileLoading(WideConstants.class, name -> {
            assertTrue(holds(name, "prepareStatement"));
            assertFalse(holds(name, "getConnection"));
        });
    }

    @Test
    void oneWalkFindsEveryGroupThatAConstantStartsAPrefixOf() throws Exception {
        ConstantPrefixes groups = ConstantPrefixes.NONE
                .with(new byte[][] {ascii("prepareCall"), ascii("executeQuery")})
                .with(new byte[][] {ascii("isValid"), ascii("Valid")})
                .with(new byte[][] {ascii("(Ljava/lang/CharSequence;)")});
        long found = groups.walk(classFile(Declares.class));
        assertTrue((found & 1) != 0, "executeQuery is declared");
        assertTrue((found & 2) == 0, "no constant starts with isValid or Valid");
        assertTrue((found & 4) != 0, "a descriptor");
        assertTrue(groups.bitOf(new byte[][] {ascii("isValid"), ascii("Valid")}) == 2, "equal prefixes are the same group");
        assertTrue(groups.with(new byte[][] {ascii("(Ljava/lang/CharSequence;)")}) == groups, "a group is added once");
    }

    @Test
    void aGroupFirstAskedForAfterTheClassWasWalkedIsAnsweredToo() throws Exception {
        whileLoading(Declares.class, name -> {
            assertTrue(holds(name, "executeQu"));
            // Walked already, for the groups known then: this one is new, and found.
            assertTrue(holds(name, "notVal"));
            assertFalse(holds(name, "notValue"));
        });
    }

    /**
     * The same answer as ASM's reader, on every class file of the real libraries the matcher tests read (Tomcat, Jetty,
     * Undertow, H2, Guava, Lettuce, Spring, OkHttp's Kotlin, module descriptors, multi-release classes): every kind of constant, longs and doubles, method
     * handles and dynamic constants. The reference walk reads each UTF-8 constant through ASM's item offsets.
     */
    @Test
    void theWalkOnTheBytesFindsWhatAsmsReaderFindsInEveryClassOfRealLibraries() throws Exception {
        byte[][][] definitions = {
            {ascii("(Ljakarta/servlet/ServletRequest;"), ascii("(Ljavax/servlet/ServletRequest;")},
            {ascii("executeQuery"), ascii("prepareStatement"), ascii("getConnection")},
            {ascii("get")},
            {ascii("Ljava/lang/String;")},
            {ascii("lambda$"), ascii("$")},
            {ascii("module-info"), ascii("java.base")},
        };
        ConstantPrefixes groups = ConstantPrefixes.NONE;
        for (byte[][] definition : definitions) {
            groups = groups.with(definition);
        }
        int classes = 0;
        long[] groupsFound = new long[definitions.length];
        for (Path jar : matcherJars()) {
            try (JarFile file = new JarFile(jar.toFile())) {
                for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                    JarEntry entry = entries.nextElement();
                    if (!entry.getName().endsWith(".class")) {
                        continue;
                    }
                    byte[] bytes;
                    try (InputStream in = file.getInputStream(entry)) {
                        bytes = in.readAllBytes();
                    }
                    long expected = walkThroughAsm(groups, definitions, new ClassReader(bytes));
                    assertEquals(expected, groups.walk(bytes), jar + " " + entry.getName());
                    for (int g = 0; g < groupsFound.length; g++) {
                        groupsFound[g] += (expected >>> g) & 1;
                    }
                    classes++;
                }
            }
        }
        assertTrue(classes > 15_000, classes + " class files compared");
        for (int g = 0; g < groupsFound.length; g++) {
            assertTrue(groupsFound[g] > 0, "group " + g + " is found in some class, so the comparison means something");
        }
    }

    @Test
    void aFileThatIsNoClassFileIsRefusedSoThatTheCallerKeepsTheClass() {
        ConstantPrefixes groups = ConstantPrefixes.NONE.with(new byte[][] {ascii("get")});
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> groups.walk(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
        byte[] unknownTag = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 2, 99, 0, 0};
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> groups.walk(unknownTag));
    }

    /** Every jar the build copies for the matcher tests. */
    private static java.util.List<Path> matcherJars() throws IOException {
        Path dir = Paths.get("target", "matcher-jars");
        try (var jars = Files.list(dir)) {
            return jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().collect(java.util.stream.Collectors.toList());
        }
    }

    private static boolean startsWith(ClassReader reader, int start, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((byte) reader.readByte(start + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The groups found by reading each UTF-8 constant through ASM's item offsets. */
    private static long walkThroughAsm(ConstantPrefixes groups, byte[][][] definitions, ClassReader reader) {
        long found = 0;
        for (int item = 1; item < reader.getItemCount(); item++) {
            int offset = reader.getItem(item);
            if (offset == 0 || reader.readByte(offset - 1) != 1) {
                continue;
            }
            int length = reader.readUnsignedShort(offset);
            for (byte[][] definition : definitions) {
                for (byte[] prefix : definition) {
                    if (startsWith(reader, offset + 2, length, prefix)) {
                        found |= groups.bitOf(definition);
                    }
                }
            }
        }
        return found;
    }
}

package dev.vitals.agent.instrumentation;

import net.bytebuddy.jar.asm.ClassReader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

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
        long found = groups.walk(new ClassReader(classFile(Declares.class)));
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
}

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

    /** Runs {@code checks} while {@code type}'s class file is the one loading on this thread, as the transformer hands it. */
    private static void whileLoading(Class<?> type, org.junit.jupiter.api.function.Executable checks) throws Throwable {
        Object outer = TypeIndex.begin(type.getName().replace('.', '/'), classFile(type));
        try {
            checks.execute();
        } finally {
            TypeIndex.end(outer);
        }
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
    void aConstantStartsWithTheNameOfAMethodTheClassDeclaresOrWithItsDescriptor() throws Throwable {
        String name = Declares.class.getName();
        whileLoading(Declares.class, () -> {
            assertTrue(TypeIndex.holdsConstantStartingWith(name, new byte[][] {ascii("prepareCall"), ascii("executeQuery")}));
            assertTrue(TypeIndex.holdsConstantStartingWith(name, new byte[][] {ascii("execute")}), "a prefix of the name");
            assertTrue(TypeIndex.holdsConstantStartingWith(name, new byte[][] {ascii("(Ljava/lang/CharSequence;)")}), "a descriptor");
            assertFalse(TypeIndex.holdsConstantStartingWith(name, new byte[][] {ascii("prepareCall"), ascii("isValid")}));
            // In the class file, but not at a constant's start: "notValid" holds "Valid", the descriptor "Sequence;".
            assertFalse(TypeIndex.holdsConstantStartingWith(name, new byte[][] {ascii("Valid")}));
            assertFalse(TypeIndex.holdsConstantStartingWith(name, new byte[][] {ascii("Sequence;")}));
            assertFalse(TypeIndex.holdsConstantStartingWith(name, new byte[][] {ascii("(Ljakarta/servlet/ServletRequest;")}));
            // Another class than the one loading: its bytes are not at hand, so it is kept.
            assertTrue(TypeIndex.holdsConstantStartingWith("some.OtherClass", new byte[][] {ascii("isValid")}));
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
    void stepsOverTheSecondSlotOfLongAndDoubleConstants() throws Throwable {
        String name = WideConstants.class.getName();
        whileLoading(WideConstants.class, () -> {
            assertTrue(TypeIndex.holdsConstantStartingWith(name, new byte[][] {ascii("prepareStatement")}));
            assertFalse(TypeIndex.holdsConstantStartingWith(name, new byte[][] {ascii("getConnection")}));
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
    void aGroupFirstAskedForAfterTheClassWasWalkedIsAnsweredToo() throws Throwable {
        String name = Declares.class.getName();
        whileLoading(Declares.class, () -> {
            assertTrue(TypeIndex.holdsConstantStartingWith(name, new byte[][] {ascii("executeQu")}));
            // Walked already, for the groups known then: this one is new, and found.
            assertTrue(TypeIndex.holdsConstantStartingWith(name, new byte[][] {ascii("notVal")}));
            assertFalse(TypeIndex.holdsConstantStartingWith(name, new byte[][] {ascii("notValue")}));
        });
    }
}

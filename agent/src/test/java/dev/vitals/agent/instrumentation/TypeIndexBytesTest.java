package dev.vitals.agent.instrumentation;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TypeIndexBytesTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void findsAnAsciiRunAtTheStartTheMiddleAndTheEnd() {
        byte[] bytes = ascii("executeQuery(Ljava/lang/String;)");
        assertEquals(0, TypeIndex.indexOf(bytes, ascii("execute")));
        assertEquals(12, TypeIndex.indexOf(bytes, ascii("(Ljava")));
        assertEquals(bytes.length - 8, TypeIndex.indexOf(bytes, ascii("String;)")));
        assertEquals(-1, TypeIndex.indexOf(bytes, ascii("executeUpdate")));
        assertEquals(-1, TypeIndex.indexOf(ascii("exec"), ascii("execute")), "longer than the bytes");
    }

    /** Declares one advised JDBC name and a servlet-like descriptor. */
    static final class Declares {
        int executeQuery(String sql) {
            return sql.length();
        }
    }

    @Test
    void aClassFileHoldsTheNamesOfTheMethodsItDeclaresAndNotOthers() throws Exception {
        String internal = Declares.class.getName().replace('.', '/');
        byte[] bytes;
        try (InputStream in = Declares.class.getClassLoader().getResourceAsStream(internal + ".class")) {
            bytes = in.readAllBytes();
        }
        Object outer = TypeIndex.begin(internal, bytes);
        try {
            assertTrue(TypeIndex.holdsOfLoading(Declares.class.getName(), new byte[][] {ascii("prepareCall"), ascii("executeQuery")}));
            assertFalse(TypeIndex.holdsOfLoading(Declares.class.getName(), new byte[][] {ascii("prepareCall"), ascii("isValid")}));
            assertFalse(TypeIndex.holdsOfLoading(Declares.class.getName(), new byte[][] {ascii("servlet/ServletRequest;")}));
            // Another class than the one loading: its bytes are not at hand, so it is kept.
            assertTrue(TypeIndex.holdsOfLoading("some.OtherClass", new byte[][] {ascii("isValid")}));
        } finally {
            TypeIndex.end(outer);
        }
    }
}

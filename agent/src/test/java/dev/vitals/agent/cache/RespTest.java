package dev.vitals.agent.cache;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RespTest {
    private static InputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writesACommandAsAnArray() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Resp.writeCommand(out, "PING");
        assertEquals("*1\r\n$4\r\nPING\r\n", out.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void readsSimpleAndBulkStrings() throws IOException {
        assertEquals("PONG", Resp.readReply(in("+PONG\r\n")));
        assertEquals("a\r\nb", Resp.readReply(in("$4\r\na\r\nb\r\n")));
        assertEquals("", Resp.readReply(in("$0\r\n\r\n")));
        assertNull(Resp.readReply(in("$-1\r\n")));
        InputStream two = in("+PONG\r\n$2\r\nok\r\n");
        assertEquals("PONG", Resp.readReply(two));
        assertEquals("ok", Resp.readReply(two));
    }

    @Test
    void errorRepliesAreReplyErrors() {
        Resp.ReplyError e = assertThrows(Resp.ReplyError.class, () -> Resp.readReply(in("-NOAUTH Authentication required.\r\n")));
        assertEquals("NOAUTH Authentication required.", e.getMessage());
    }

    @Test
    void malformedOrTruncatedRepliesFail() {
        assertThrows(IOException.class, () -> Resp.readReply(in("")));
        assertThrows(IOException.class, () -> Resp.readReply(in("+PONG")));
        assertThrows(IOException.class, () -> Resp.readReply(in("+PONG\rx")));
        assertThrows(IOException.class, () -> Resp.readReply(in("$x\r\n")));
        assertThrows(IOException.class, () -> Resp.readReply(in("$5\r\nab")));
        assertThrows(IOException.class, () -> Resp.readReply(in("$2\r\nabcd")));
        assertThrows(IOException.class, () -> Resp.readReply(in(":1\r\n")));
        IOException big = assertThrows(IOException.class, () -> Resp.readReply(in("$" + (Resp.MAX_BULK + 1) + "\r\n")));
        assertTrue(big.getMessage().contains("limit"));
        assertThrows(IOException.class, () -> Resp.readReply(in("+" + "x".repeat(10_000) + "\r\n")));
    }
}

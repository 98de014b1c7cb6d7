package dev.vitals.agent.cache;

import io.lettuce.core.protocol.CommandType;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class CommandInfoTest {
    @Test
    void enumCommandsResolveOncePerConstant() {
        CommandInfo get = CommandInfo.ofCommand(Protocol.Command.GET);
        assertSame(get, CommandInfo.ofCommand(Protocol.Command.GET));
        assertSame(Protocol.Command.GET.name(), get.name);
        assertEquals(CommandInfo.READ, get.kind);
        assertEquals(CommandInfo.READ_KEYS, CommandInfo.ofCommand(Protocol.Command.MGET).kind);
        assertEquals(CommandInfo.READ_FIELDS, CommandInfo.ofCommand(CommandType.HMGET).kind);
        assertEquals(CommandInfo.KEYED, CommandInfo.ofCommand(CommandType.SET).kind);
        assertEquals(CommandInfo.NO_KEY, CommandInfo.ofCommand(CommandType.PING).kind);
        assertEquals(CommandInfo.READ, CommandInfo.ofCommand(CommandType.HGET).kind);
        assertSame(CommandInfo.OTHER, CommandInfo.ofCommand("GET"));
    }

    @Test
    void errorTypes() {
        assertEquals("WRONGTYPE", ErrorTypes.ofReply("WRONGTYPE Operation against a key holding the wrong kind of value"));
        assertEquals("NOAUTH", ErrorTypes.ofReply("NOAUTH Authentication required."));
        assertEquals("ERR", ErrorTypes.ofReply("ERR unknown command"));
        assertEquals("ERR", ErrorTypes.ofReply("WRONGTYPEX something"));
        assertEquals("ERR", ErrorTypes.ofReply(null));
        assertEquals("WRONGTYPE", ErrorTypes.ofJedis(new redis.clients.jedis.exceptions.JedisDataException(
                "WRONGTYPE Operation against a key holding the wrong kind of value")));
        assertEquals("redis.clients.jedis.exceptions.JedisConnectionException",
                ErrorTypes.ofJedis(new redis.clients.jedis.exceptions.JedisConnectionException("refused")));
    }
}

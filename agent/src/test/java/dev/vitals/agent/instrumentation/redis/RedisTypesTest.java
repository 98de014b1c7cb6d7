package dev.vitals.agent.instrumentation.redis;

import dev.vitals.agent.instrumentation.InstalledTypeMatchers;
import dev.vitals.agent.instrumentation.LibraryClasses;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Jedis and Lettuce modules' type matchers on Jedis 5's and Lettuce 6's real classes. */
class RedisTypesTest {
    private final InstalledTypeMatchers jedis = InstalledTypeMatchers.of(new JedisInstrumentation());
    private final InstalledTypeMatchers lettuce = InstalledTypeMatchers.of(new LettuceInstrumentation());

    @Test
    void jedisAcceptsItsConnectionPipelinesTransactionsAndReplies() throws Exception {
        try (LibraryClasses lib = LibraryClasses.of("jedis-")) {
            for (String name : new String[] {"Connection", "Jedis", "Response", "Pipeline", "MultiNodePipelineBase",
                    "Transaction", "ReliableTransaction", "TransactionBase"}) {
                assertTrue(lib.matches(jedis, "redis.clients.jedis." + name), name);
            }
        }
    }

    @Test
    void jedisRejectsItsOtherClassesAndNamesakesElsewhere() throws Exception {
        try (LibraryClasses lib = LibraryClasses.of("jedis-", "okhttp-", "lettuce-core-")) {
            assertFalse(lib.matches(jedis, "redis.clients.jedis.JedisPool"), "the pool: its commands go through Connection");
            assertFalse(lib.matches(jedis, "redis.clients.jedis.UnifiedJedis"), "likewise");
            assertFalse(lib.matches(jedis, "redis.clients.jedis.CommandObject"), "the command, not who runs it");
            assertFalse(lib.matches(jedis, "redis.clients.jedis.ConnectionPool"), "Connection in its name only");
            assertFalse(lib.matches(jedis, "okhttp3.Response"), "another library's Response");
            assertFalse(lib.matches(jedis, "java.sql.Connection"), "another Connection");
            assertFalse(lib.matches(jedis, "io.lettuce.core.protocol.Command"), "the other Redis client");
        }
    }

    @Test
    void lettuceAcceptsItsDispatchCommandsSubscriptionsAndHandler() throws Exception {
        try (LibraryClasses lib = LibraryClasses.of("lettuce-core-")) {
            assertTrue(lib.matches(lettuce, "io.lettuce.core.RedisChannelHandler"));
            assertTrue(lib.matches(lettuce, "io.lettuce.core.protocol.Command"));
            assertTrue(lib.matches(lettuce, "io.lettuce.core.protocol.AsyncCommand"));
            assertTrue(lib.matches(lettuce, "io.lettuce.core.RedisPublisher$RedisSubscription"));
            assertTrue(lib.matches(lettuce, "io.lettuce.core.protocol.CommandHandler"));
        }
    }

    @Test
    void lettuceRejectsItsOtherClassesAndNamesakesElsewhere() throws Exception {
        try (LibraryClasses lib = LibraryClasses.of("lettuce-core-", "jedis-")) {
            assertFalse(lib.matches(lettuce, "io.lettuce.core.protocol.CommandWrapper"), "wraps a Command, is none");
            assertFalse(lib.matches(lettuce, "io.lettuce.core.protocol.CommandArgs"), "Command in its name only");
            assertFalse(lib.matches(lettuce, "io.lettuce.core.output.CommandOutput"), "likewise");
            assertFalse(lib.matches(lettuce, "io.lettuce.core.RedisPublisher"), "the outer class of the subscription");
            assertFalse(lib.matches(lettuce, "redis.clients.jedis.Connection"), "the other Redis client");
        }
    }
}

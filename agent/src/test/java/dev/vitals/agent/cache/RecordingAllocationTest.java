package dev.vitals.agent.cache;

import dev.vitals.agent.metrics.MetricRegistry;
import org.junit.jupiter.api.Test;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Protocol;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Jedis recording path (what {@code JedisCommandAdvice} calls after a command) allocates nothing in steady
 * state: keyspace from the encoded key, command name from the enum, series lookups, hit/miss counting. Measured
 * with HotSpot's per-thread allocation counter on real Jedis argument objects (no server needed for this part).
 */
class RecordingAllocationTest {
    private static final int CALLS = 100_000;
    private static final long SLACK_BYTES = 2048;

    @Test
    void jedisCommandRecordingAllocatesNothing() {
        MetricRegistry registry = new MetricRegistry();
        CacheStats stats = new CacheStats(registry, new KeyspaceRule(":", 3, Collections.emptyList()), 100);
        RedisCommandRecorder recorder = new RedisCommandRecorder(stats, null);
        CommandArguments get = new CommandArguments(Protocol.Command.GET).key("user:profile:1234");
        CommandArguments mget = new CommandArguments(Protocol.Command.MGET).keys("user:profile:1", "cart:items:2");
        Object connection = new Object();
        Object hit = "value";
        java.util.List<String> mgetResult = Arrays.asList("a", null);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < CALLS; i++) {
                recorder.jedisCommand(connection, get, Protocol.Command.GET, (i & 1) == 0 ? hit : null, null, System.nanoTime());
                recorder.jedisCommand(connection, mget, Protocol.Command.MGET, mgetResult, null, System.nanoTime());
            }
        }
        long before = threads.getThreadAllocatedBytes(tid);
        long start = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            recorder.jedisCommand(connection, get, Protocol.Command.GET, (i & 1) == 0 ? hit : null, null, System.nanoTime());
            recorder.jedisCommand(connection, mget, Protocol.Command.MGET, mgetResult, null, System.nanoTime());
        }
        long elapsed = System.nanoTime() - start;
        long bytes = threads.getThreadAllocatedBytes(tid) - before;
        // Printed for the record, never asserted (timing belongs to the JMH suites).
        System.out.println("jedis recording: " + elapsed / (2 * CALLS) + " ns per command (GET and MGET alternating)");
        assertTrue(bytes < SLACK_BYTES, "recording allocated " + bytes + " bytes for " + 2 * CALLS + " commands");
    }

    @Test
    void lettuceDispatchAndCompletionRecordingAllocatesNothing() {
        MetricRegistry registry = new MetricRegistry();
        CacheStats stats = new CacheStats(registry, new KeyspaceRule(":", 3, Collections.emptyList()), 100);
        RedisCommandRecorder recorder = new RedisCommandRecorder(stats, null);
        Command<String, String, String> get = new Command<>(CommandType.GET, new ValueOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).addKey("user:profile:1234"));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < 5 * CALLS; i++) {
            recorder.lettuceDispatched(null, get);
            recorder.lettuceCompleted(get, CommandType.GET, get.getArgs(), null, null, null, false);
        }
        long before = threads.getThreadAllocatedBytes(tid);
        long start = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            recorder.lettuceDispatched(null, get);
            recorder.lettuceCompleted(get, CommandType.GET, get.getArgs(), null, null, null, false);
        }
        long elapsed = System.nanoTime() - start;
        long bytes = threads.getThreadAllocatedBytes(tid) - before;
        System.out.println("lettuce recording: " + elapsed / CALLS + " ns per command (dispatch and completion of a GET)");
        assertTrue(bytes < SLACK_BYTES, "recording allocated " + bytes + " bytes for " + CALLS + " commands");
    }
}

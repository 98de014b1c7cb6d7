package dev.vitals.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import dev.vitals.bootstrap.redis.RedisHooks;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

import java.util.concurrent.TimeUnit;

/**
 * A Jedis 5 {@code GET} of an existing key on one connection to the local Redis ({@code 127.0.0.1:6379}, or
 * {@code -Dbench.redis=host:port}). The operation is a loopback round trip to a real server, so its time is
 * tens of microseconds and the Redis server shares the machine's cores: compare medians of several forks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class JedisBenchmark {
    static final String KEY = "vitals-bench:product:42";

    /** What {@code Connection.executeCommand} returns for a GET that hits: the decoded value. */
    private static final String VALUE = "{\"id\":42}";

    private Jedis jedis;
    private Connection connection;
    private CommandArguments getArguments;

    @Setup(Level.Trial)
    public void connect() throws InterruptedException {
        BootstrapApi.awaitAgentsHook("dev.vitals.bootstrap.redis.RedisHooks");
        String[] address = redisAddress();
        jedis = new Jedis(address[0], Integer.parseInt(address[1]));
        jedis.set(KEY, "{\"id\":42,\"name\":\"Ceramic mug\",\"priceCents\":1499}");
        connection = jedis.getConnection();
        getArguments = new CommandArguments(Protocol.Command.GET).key(KEY);
    }

    @TearDown(Level.Trial)
    public void close() {
        jedis.close();
    }

    @Benchmark
    public String get() {
        return jedis.get(KEY);
    }

    /**
     * What Vitals' Jedis advice hands to its recorder when a GET returns a value, without the round trip: the
     * real recorder with the Vitals agent (command, keyspace hit, latency, per-request breakdown), the no-op
     * without it (and with the other agents). Its ns/op over no agent is Vitals' own time per command, which the
     * loopback round trip of {@link #get} buries in noise.
     */
    @Benchmark
    public void recordCommand() {
        RedisHooks.recorder().jedisCommand(connection, getArguments, Protocol.Command.GET, VALUE, null, System.nanoTime());
    }

    static String[] redisAddress() {
        String value = System.getProperty("bench.redis", "127.0.0.1:6379");
        int colon = value.lastIndexOf(':');
        return new String[] {value.substring(0, colon), value.substring(colon + 1)};
    }
}

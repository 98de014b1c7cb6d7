package dev.vitals.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
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

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Lettuce 6 asynchronous {@code GET}, awaited: {@code async().get(key).get(...)} on one connection to the
 * local Redis. The operation includes Lettuce's Netty event-loop hand-off and completion, so an agent's
 * completion callback (where the duration is taken) is inside it. See {@link JedisBenchmark} for the caveats.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class LettuceBenchmark {
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisAsyncCommands<String, String> async;

    @Setup(Level.Trial)
    public void connect() throws ExecutionException, InterruptedException, TimeoutException {
        String[] address = JedisBenchmark.redisAddress();
        client = RedisClient.create(RedisURI.create(address[0], Integer.parseInt(address[1])));
        connection = client.connect();
        async = connection.async();
        async.set(JedisBenchmark.KEY, "{\"id\":42,\"name\":\"Ceramic mug\",\"priceCents\":1499}").get(10, TimeUnit.SECONDS);
    }

    @TearDown(Level.Trial)
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
    }

    @Benchmark
    public String asyncGet() throws ExecutionException, InterruptedException, TimeoutException {
        return async.get(JedisBenchmark.KEY).get(10, TimeUnit.SECONDS);
    }
}

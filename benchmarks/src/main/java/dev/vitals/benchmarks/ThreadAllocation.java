package dev.vitals.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Bytes allocated per Redis call, split into the application's threads (the caller and Lettuce's event loops)
 * and Vitals' own background threads ({@code vitals-*}, the listener's {@code XNIO-*}). JMH's {@code -prof gc}
 * figure ({@code gc.alloc.rate.norm}) sums every thread, so Vitals' periodic work (health checks, window
 * rotation, history rollups), whose allocation grows with time, not with calls, shows there as bytes per call
 * that shrink as throughput grows; this splits the two. Run it with and without the agent:
 *
 * <pre>
 * java [-javaagent:agent/target/vitals-agent.jar=exporter.port=0] -cp benchmarks/target/benchmarks.jar \
 *     dev.vitals.benchmarks.ThreadAllocation jedis-get|jedis-pipeline|lettuce-async|reactive-hook|reactor-netty|webflux [calls]
 * </pre>
 *
 * {@code reactive-hook} runs {@link ReactiveBenchmark}'s hook calls. {@code reactor-netty} and {@code webflux} start
 * {@link WebFluxBenchmark}'s two servers and send {@code GET /api/orders/12345} over one kept-alive
 * {@link RawHttpConnection} from the main thread; their lines split the application's bytes per request into the
 * server's event loops ({@code reactor-http-*}), the calling thread and the rest. Run them with no agent, the empty
 * agent ({@code -javaagent:benchmarks.jar}) and Vitals, and compare the last rounds: the first include C2's warm-up. The Redis modes need Redis on 127.0.0.1:6379 ({@code -Dbench.redis=host:port}). Prints one line per round; the first rounds
 * include warm-up. Compare several runs: the application's own figure moves between runs, with or without an
 * agent, by what C2 scalar-replaces. A Jedis 5 GET is 320 B when C2 inlines {@code Connection.executeCommand}
 * into its caller (Jedis' 24-byte {@code CommandObject} then never reaches the heap) and 344 B when
 * {@code executeCommand} was compiled on its own first ({@code -XX:+PrintInlining}: "already compiled into a
 * big method"); measured on 2026-11-23 (AMD EPYC, 2 vCPU, JDK 17.0.15), 60,000 GETs per round: no agent 320 B
 * in 1 run of 4 and 344 B in 3; with Vitals 344 B in all 8 runs (two variants of the advice), though shorter
 * runs gave 320 B with the agent too. Vitals' own recording adds 0 B on the application's threads.
 */
public final class ThreadAllocation {
    private static final String KEY = JedisBenchmark.KEY;
    private static final int ROUNDS = 5;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ThreadAllocation() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ThreadAllocation jedis-get|jedis-pipeline|lettuce-async|reactive-hook|reactor-netty|webflux [calls]");
            System.exit(2);
        }
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 30_000;
        String[] address = JedisBenchmark.redisAddress();
        String host = address[0];
        int port = Integer.parseInt(address[1]);
        switch (args[0]) {
            case "jedis-get":
                try (Jedis jedis = new Jedis(host, port)) {
                    jedis.set(KEY, "{\"id\":42}");
                    for (int r = 0; r < ROUNDS; r++) {
                        Map<Long, Long> before = allocated();
                        for (int i = 0; i < calls; i++) {
                            jedis.get(KEY);
                        }
                        report("Jedis GET", before, calls);
                    }
                }
                break;
            case "jedis-pipeline":
                try (Jedis jedis = new Jedis(host, port)) {
                    jedis.set(KEY, "{\"id\":42}");
                    for (int r = 0; r < ROUNDS; r++) {
                        Map<Long, Long> before = allocated();
                        for (int i = 0; i < calls / 10; i++) {
                            Pipeline pipeline = jedis.pipelined();
                            for (int k = 0; k < 10; k++) {
                                pipeline.get(KEY);
                            }
                            pipeline.sync();
                        }
                        report("Jedis pipelined GET (10 per sync)", before, calls / 10 * 10);
                    }
                }
                break;
            case "lettuce-async": {
                RedisClient client = RedisClient.create("redis://" + host + ":" + port);
                try (StatefulRedisConnection<String, String> connection = client.connect()) {
                    RedisAsyncCommands<String, String> async = connection.async();
                    async.set(KEY, "{\"id\":42}").get(5, TimeUnit.SECONDS);
                    for (int r = 0; r < ROUNDS; r++) {
                        Map<Long, Long> before = allocated();
                        for (int i = 0; i < calls; i++) {
                            async.get(KEY).get(5, TimeUnit.SECONDS);
                        }
                        report("Lettuce async GET", before, calls);
                    }
                } finally {
                    client.shutdown();
                }
                break;
            }
            case "reactive-hook": {
                Object request = new Object();
                for (int r = 0; r < ROUNDS; r++) {
                    Map<Long, Long> before = allocated();
                    for (int i = 0; i < calls; i++) {
                        ReactiveBenchmark.record(request);
                    }
                    report("reactive request over the recording hook", before, calls);
                }
                break;
            }
            case "reactor-netty":
            case "webflux": {
                WebFluxBenchmark servers = new WebFluxBenchmark();
                servers.start();
                int serverPort = args[0].equals("webflux") ? servers.webFluxPort() : servers.reactorNettyPort();
                byte[] request = RawHttpConnection.get("/api/orders/12345");
                String what = args[0].equals("webflux") ? "WebFlux request" : "Reactor Netty request";
                try (RawHttpConnection connection = new RawHttpConnection("127.0.0.1", serverPort, 10_000)) {
                    for (int r = 0; r < ROUNDS; r++) {
                        Map<Long, Long> before = allocated();
                        for (int i = 0; i < calls; i++) {
                            if (connection.exchange(request) != 200) {
                                throw new IllegalStateException("not 200");
                            }
                        }
                        report(what, before, calls);
                    }
                } finally {
                    servers.stop();
                }
                break;
            }
            default:
                throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static Map<Long, Long> allocated() {
        long[] ids = THREADS.getAllThreadIds();
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        Map<Long, Long> m = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            m.put(ids[i], bytes[i]);
        }
        return m;
    }

    private static void report(String what, Map<Long, Long> before, int calls) {
        Map<Long, Long> after = allocated();
        long application = 0;
        long vitals = 0;
        long eventLoops = 0;
        long caller = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            long delta = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            ThreadInfo info = THREADS.getThreadInfo(e.getKey());
            String name = info == null ? "" : info.getThreadName();
            if (name.startsWith("vitals") || name.startsWith("XNIO")) {
                vitals += delta;
            } else {
                application += delta;
                if (name.startsWith("reactor-http-")) {
                    eventLoops += delta;
                } else if (e.getKey() == Thread.currentThread().getId()) {
                    caller += delta;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%s: application threads %.2f B/call (server event loops %.2f, calling thread %.2f,"
                        + " others %.2f), Vitals threads %.2f B/call%n", what, application / (double) calls,
                eventLoops / (double) calls, caller / (double) calls, (application - eventLoops - caller) / (double) calls,
                vitals / (double) calls);
    }
}

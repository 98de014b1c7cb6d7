package dev.vitals.benchmarks;

import io.netty.handler.codec.http.HttpHeaderNames;
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
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One reactive request through a real server: Reactor Netty's {@code HttpServer} (the server Spring WebFlux runs
 * on) on a loopback port, its router answering {@code GET /api/orders/{id}}, called over a kept-alive HTTP/1.1
 * connection. One operation is the whole round trip the benchmark thread sees: write the request, Netty's event
 * loop decodes it, the router runs the handler, whose {@code Mono} body is written with a Content-Length, and the
 * response is read back. Whatever an agent does on that path (Reactor Netty advice, the route template, the
 * histogram record, context propagation through Reactor, span creation) is inside the operation; its ns/op over no
 * agent is the added latency of a reactive request. Every agent of the comparison instruments this server, unlike
 * the hook-only {@link ReactiveBenchmark}.
 *
 * <p>B/op is allocation in every thread of the JVM ({@code -prof gc}), so the event loop counts; the client
 * allocates nothing per request ({@link RawHttpConnection}).
 *
 * <p>With the Vitals agent ({@code -Dbench.vitals.metrics}, set by {@link Agents}) the trial ends by reading the
 * agent's {@code /metrics} and fails unless {@code http_server_request_duration_seconds_count} for the route
 * {@code /api/orders/{id}} covers every request the client completed: the figures are those of a recorded path.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class WebFluxBenchmark {
    static final String ROUTE = "/api/orders/{id}";
    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);
    /** Cold and reusable: every response subscribes to it again. */
    private static final Mono<byte[]> BODY = Mono.just(OK);
    private static final String LENGTH = Integer.toString(OK.length);

    private DisposableServer server;
    /** Round trips completed by every client, added when each client's trial ends. */
    private final AtomicLong completed = new AtomicLong();

    /** One connection per benchmark thread. */
    @State(Scope.Thread)
    public static class Client {
        final byte[] request = RawHttpConnection.get("/api/orders/12345");
        RawHttpConnection connection;
        long exchanges;

        @Setup(Level.Trial)
        public void connect(WebFluxBenchmark bench) throws IOException {
            connection = new RawHttpConnection("127.0.0.1", bench.server.port(), 10_000);
        }

        @TearDown(Level.Trial)
        public void close(WebFluxBenchmark bench) throws IOException {
            bench.completed.addAndGet(exchanges);
            connection.close();
        }
    }

    @Setup(Level.Trial)
    public void start() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.get(ROUTE, (req, res) -> res.status(200)
                        .header(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                        .header(HttpHeaderNames.CONTENT_LENGTH, LENGTH)
                        .sendByteArray(BODY)))
                .bindNow();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException, InterruptedException {
        try {
            String metrics = System.getProperty("bench.vitals.metrics");
            if (metrics != null) {
                checkRecorded(URI.create(metrics), completed.get());
            }
        } finally {
            server.disposeNow();
        }
    }

    @Benchmark
    public int request(Client client) throws IOException {
        int status = client.connection.exchange(client.request);
        if (status != 200) {
            throw new IllegalStateException("status " + status);
        }
        client.exchanges++;
        return status;
    }

    /**
     * Fails unless the Vitals agent's {@code /metrics} counts at least {@code requests} for the route. Recorded values
     * reach {@code /metrics} when the agent rotates its windows (every 5 s), so it polls past one rotation.
     */
    static void checkRecorded(URI metrics, long requests) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest scrape = HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build();
        double recorded = 0;
        for (long deadline = System.nanoTime() + 15_000_000_000L; System.nanoTime() < deadline; Thread.sleep(500)) {
            recorded = routeCount(http.send(scrape, HttpResponse.BodyHandlers.ofString()).body());
            if (recorded >= requests) {
                break;
            }
        }
        System.out.printf("Vitals recorded %.0f requests for %s; the client completed %d%n", recorded, ROUTE, requests);
        if (requests == 0 || recorded < requests) {
            throw new IllegalStateException("the Vitals agent recorded " + recorded + " requests for " + ROUTE
                    + ", fewer than the " + requests + " the client completed");
        }
    }

    /** The sum of {@code http_server_request_duration_seconds_count} over the series whose route is {@link #ROUTE}. */
    static double routeCount(String exposition) {
        String route = "http_route=\"" + ROUTE + "\"";
        double total = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith("http_server_request_duration_seconds_count{") && line.contains(route)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }
}

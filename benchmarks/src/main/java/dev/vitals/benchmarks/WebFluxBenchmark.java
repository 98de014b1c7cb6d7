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
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
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
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One reactive request through a real server, in two forms on Reactor Netty's {@code HttpServer} (loopback, port 0):
 * <ul>
 *   <li>{@code reactorNettyRequest}: Reactor Netty's own router answering {@code GET /api/orders/{id}}, no framework;</li>
 *   <li>{@code webFluxRequest}: Spring WebFlux (an application context with {@code @EnableWebFlux} and a functional
 *       route {@code GET /api/orders/{id}}, its {@code DispatcherHandler} behind {@code ReactorHttpHandlerAdapter}),
 *       what a Spring Boot WebFlux application runs, without Boot.</li>
 * </ul>
 * Each is called over a kept-alive HTTP/1.1 connection; one operation is the whole round trip the benchmark thread
 * sees: write the request, Netty's event loop decodes it, the route's handler answers {@code ok}, and the response
 * is read back. Whatever an agent does on that path (Reactor Netty or WebFlux advice, the route template, the
 * histogram record, context propagation through Reactor, span creation) is inside the operation; its ns/op over no
 * agent is the added latency of a reactive request. Agents instrument the two layers differently (one at Netty's
 * pipeline, another only at WebFlux's dispatcher), hence both. Unlike the hook-only {@link ReactiveBenchmark}, every
 * agent of the comparison is on the path.
 *
 * <p>B/op is allocation in every thread of the JVM ({@code -prof gc}), so the event loop counts; the client
 * allocates nothing per request ({@link RawHttpConnection}). Vitals' background threads count there too, divided by
 * throughput, and so does warm-up that a short run has not finished; {@code ThreadAllocation reactor-netty|webflux}
 * splits bytes per request by thread.
 *
 * <p>With the Vitals agent ({@code -Dbench.vitals.metrics}, set by {@link Agents}) the trial ends by reading the
 * agent's {@code /metrics} and fails unless {@code http_server_request_duration_seconds_count} for the route
 * {@code /api/orders/{id}} counts every request the client completed, once: the figures are those of a recorded path.
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

    private DisposableServer reactorNetty;
    private AnnotationConfigApplicationContext webFluxContext;
    private DisposableServer webFlux;
    /** Round trips completed by every client, added when each client's trial ends. */
    private final AtomicLong completed = new AtomicLong();

    /** The WebFlux application: one functional route, as a Spring Boot application would declare it. */
    @Configuration(proxyBeanMethods = false)
    @EnableWebFlux
    public static class WebFluxApplication {
        @Bean
        public RouterFunction<ServerResponse> orders() {
            return RouterFunctions.route(RequestPredicates.GET(ROUTE),
                    request -> ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).bodyValue("ok"));
        }
    }

    /** One connection to each server per benchmark thread. */
    @State(Scope.Thread)
    public static class Client {
        final byte[] request = RawHttpConnection.get("/api/orders/12345");
        RawHttpConnection reactorNetty;
        RawHttpConnection webFlux;
        long exchanges;

        @Setup(Level.Trial)
        public void connect(WebFluxBenchmark bench) throws IOException {
            reactorNetty = new RawHttpConnection("127.0.0.1", bench.reactorNetty.port(), 10_000);
            webFlux = new RawHttpConnection("127.0.0.1", bench.webFlux.port(), 10_000);
        }

        @TearDown(Level.Trial)
        public void close(WebFluxBenchmark bench) throws IOException {
            bench.completed.addAndGet(exchanges);
            reactorNetty.close();
            webFlux.close();
        }

        int exchange(RawHttpConnection connection) throws IOException {
            int status = connection.exchange(request);
            if (status != 200) {
                throw new IllegalStateException("status " + status);
            }
            exchanges++;
            return status;
        }
    }

    @Setup(Level.Trial)
    public void start() {
        reactorNetty = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.get(ROUTE, (req, res) -> res.status(200)
                        .header(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                        .header(HttpHeaderNames.CONTENT_LENGTH, LENGTH)
                        .sendByteArray(BODY)))
                .bindNow();
        webFluxContext = new AnnotationConfigApplicationContext(WebFluxApplication.class);
        HttpHandler handler = WebHttpHandlerBuilder.applicationContext(webFluxContext).build();
        webFlux = HttpServer.create().host("127.0.0.1").port(0).handle(new ReactorHttpHandlerAdapter(handler)).bindNow();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException, InterruptedException {
        try {
            String metrics = System.getProperty("bench.vitals.metrics");
            if (metrics != null) {
                checkRecorded(URI.create(metrics), completed.get());
            }
        } finally {
            reactorNetty.disposeNow();
            webFlux.disposeNow();
            webFluxContext.close();
        }
    }

    int reactorNettyPort() {
        return reactorNetty.port();
    }

    int webFluxPort() {
        return webFlux.port();
    }

    @Benchmark
    public int reactorNettyRequest(Client client) throws IOException {
        return client.exchange(client.reactorNetty);
    }

    @Benchmark
    public int webFluxRequest(Client client) throws IOException {
        return client.exchange(client.webFlux);
    }

    /**
     * Fails unless the Vitals agent's {@code /metrics} counts exactly {@code requests} for the route, once each. Recorded values
     * reach {@code /metrics} when the agent rotates its windows (every 5 s), so it polls past one rotation. The agent's
     * listener opens once the JVM's class loading has gone quiet (at most 15 s after start), so a refused connection
     * is polled again too.
     */
    static void checkRecorded(URI metrics, long requests) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest scrape = HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build();
        double recorded = 0;
        for (long deadline = System.nanoTime() + 30_000_000_000L; System.nanoTime() < deadline; Thread.sleep(500)) {
            try {
                recorded = Exposition.sum(http.send(scrape, HttpResponse.BodyHandlers.ofString()).body(),
                        "http_server_request_duration_seconds_count", "http_route=\"" + ROUTE + "\"");
            } catch (java.net.ConnectException notListeningYet) {
                continue;
            }
            if (recorded >= requests) {
                break;
            }
        }
        System.out.printf(Locale.ROOT, "Vitals recorded %.0f requests for %s; the client completed %d%n", recorded, ROUTE, requests);
        if (requests == 0 || recorded != requests) {
            throw new IllegalStateException("the Vitals agent recorded " + recorded + " requests for " + ROUTE
                    + ", not the " + requests + " the client completed");
        }
    }
}

package dev.vitals.benchmarks;

import dev.vitals.bootstrap.http.ClientHooks;
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

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code java.net.http.HttpClient.send} (HTTP/1.1, kept-alive connection, body read as a String) to a local
 * server that answers {@code 200 ok}. The server is {@link TinyHttpServer} on plain sockets, which no agent
 * instruments, so the difference between agents is the client call alone: advice on {@code send}, outgoing
 * header injection (the peers add trace headers), the histogram record. The request is built once, like the
 * client; a real application builds it per call, which costs the same with every agent.
 *
 * <p>{@link #recordEnd} is what Vitals' advice runs when {@code send} returns, without the call: the real
 * recorder with the Vitals agent, the no-op without it (and with the other agents). Its B/op is Vitals' own
 * allocation per call. {@link #send}'s B/op is not a clean measure of that: JMH's gc profiler divides every
 * thread's allocation by the calls, and the JDK client's selector and worker threads allocate more or less per call
 * with timing, so it moves by a few hundred bytes between forks even without an agent, and it keeps falling for the
 * first ten seconds or so of a fork while C2 compiles the client.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class HttpClientBenchmark {
    private TinyHttpServer server;
    private HttpClient client;
    private HttpRequest request;
    private int port;

    @Setup(Level.Trial)
    public void start() throws IOException, InterruptedException {
        BootstrapApi.awaitAgentsHook("dev.vitals.bootstrap.http.ClientHooks");
        server = new TinyHttpServer();
        port = server.port();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/charges/ch_123"))
                .timeout(Duration.ofSeconds(10)).GET().build();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        server.close();
    }

    @Benchmark
    public void recordEnd() {
        ClientHooks.recorder().httpEnd("GET", "127.0.0.1", port, 200, null, System.nanoTime());
    }

    @Benchmark
    public int send() throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("status " + response.statusCode());
        }
        return response.body().length();
    }
}

package dev.vitals.benchmarks;

import dev.vitals.bootstrap.RequestScope;
import dev.vitals.bootstrap.servlet.ServerHooks;
import dev.vitals.bootstrap.servlet.ServerRecorder;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What Vitals' reactive server advice hands to its recorder per request (Reactor Netty, also under WebFlux), without
 * the server: {@code reactiveBegin} when the request's operations are created, {@code reactiveHandling} and the
 * scope's restore around the handler call, {@code reactiveEnd} when they terminate, for a path whose normalised
 * route is known ({@code /api/orders/{id}}). The real recorder with the Vitals agent, the no-op without it (and with
 * the other agents), so its ns/op and B/op over no agent are Vitals' own cost per reactive request. The request
 * object is one per thread, as a server's per-request object would be a new one each time: the recorder keys it by
 * identity and never keeps it.
 *
 * <p>Run with the agent (after {@code mvn -pl benchmarks -am package -DskipTests}):
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ReactiveBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc \
 *   -jvmArgsAppend "-javaagent:agent/target/vitals-agent.jar=exporter.port=0"
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Thread)
public class ReactiveBenchmark {
    /** Stands for the server's per-request object (Reactor Netty's {@code HttpServerOperations}). */
    private final Object request = new Object();

    @Setup(Level.Trial)
    public void awaitAgent() throws InterruptedException {
        BootstrapApi.awaitAgentsHook("dev.vitals.bootstrap.servlet.ServerHooks");
    }

    @Benchmark
    public void recordReactiveRequest() {
        record(request);
    }

    /** The hook calls of one reactive request (also used by {@link ThreadAllocation}'s {@code reactive-hook}). */
    static void record(Object request) {
        ServerRecorder recorder = ServerHooks.recorder();
        recorder.reactiveBegin(request, "GET");
        RequestScope previous = recorder.reactiveHandling(request);
        if (previous != null) {
            RequestScope.makeCurrent(previous);
        }
        recorder.reactiveEnd(request, "/api/orders/12345", 200, null);
    }
}

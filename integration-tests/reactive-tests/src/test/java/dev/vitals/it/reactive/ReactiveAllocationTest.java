package dev.vitals.it.reactive;

import dev.vitals.it.AgentProcess;
import dev.vitals.it.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Vitals adds to the bytes a reactive server's event loops allocate per request, counted with the JVM's
 * per-thread counters in {@link AllocationApp}: the same application twice, with the agent as shipped and with the
 * agent's reactive instrumentation switched off ({@code instrumentation.reactive.enabled=false}; the agent, its
 * threads and its other advice are there both times). Each run warms up, then takes the smallest of several rounds.
 *
 * <p>The bound is {@value #BOUND} bytes per request, set by what the application's own figure does: about 2,700 B
 * for Reactor Netty and 14,600 B for WebFlux, it moves between JVMs by what C2 scalar-replaces. On a 2-core machine
 * with other work running, steady-state rounds of the same server differed between JVMs by up to 50 B (an empty
 * agent 2,738 to 2,771 B, Vitals 2,753 to 2,789 B), and after 50,000 requests a run could still be converging (one
 * without the reactive advice stood 180 B above one with it), hence 40,000 requests of warm-up and the smallest of
 * four rounds. Single runs of WebFlux gave +148 B and −109 B; that is the spread between JVMs, not the advice: over
 * 10 JVMs each, started in turn and run as here, WebFlux's figure was 14,270 to 14,507 B (mean 14,385) with the
 * reactive advice and 14,293 to 14,473 B (mean 14,382) without, while the rounds within one JVM agree within about
 * 20 B. One pair of JVMs can thus differ by over 200 B with nothing added, so the bound leaves room for that spread:
 * it catches gross regressions, such as a context map per request or several objects (a scope, a String with a
 * capturing lambda, and the {@code doFinally}/{@code doOnError} wrappers with their subscribers) added together, not
 * a single small object (the 32 B iterator that the route advice on entry to {@code handleRequestWith} kept C2 from
 * scalar-replacing was found by counting every allocation with a profiler, not by this test; see the README).
 * {@code RecordingAllocationTest} counts the recorder's own bytes exactly (0 B), and catches the scope per request this
 * test's first version missed.
 */
class ReactiveAllocationTest {
    static final double BOUND = 400;

    @Test
    void theAdviceAddsNoBytesPerRequestOnTheEventLoops() {
        double[] recorded = run(true);
        double[] baseline = run(false);
        String figures = String.format(Locale.ROOT,
                "event-loop bytes per request, Reactor Netty %.1f with the reactive advice vs %.1f without;"
                        + " WebFlux %.1f vs %.1f", recorded[0], baseline[0], recorded[1], baseline[1]);
        System.out.println(figures);
        assertTrue(recorded[0] - baseline[0] < BOUND, figures);
        assertTrue(recorded[1] - baseline[1] < BOUND, figures);
    }

    /** Reactor Netty's and WebFlux's bytes per request; with the reactive advice, checks that it recorded them. */
    private static double[] run(boolean reactive) {
        int warmup = 40_000;
        int perRound = 10_000;
        int rounds = 4;
        try (AgentProcess app = AgentProcess.main(AllocationApp.class)
                .agentArg("instrumentation.reactive.enabled", String.valueOf(reactive))
                .args(String.valueOf(warmup), String.valueOf(perRound), String.valueOf(rounds)).start()) {
            double netty = figure(app, "reactor-netty");
            double webFlux = figure(app, "webflux");
            app.awaitOutput(Pattern.compile("alloc done"), Duration.ofMinutes(10));
            if (reactive) {
                long all = 2L * (warmup + (long) perRound * rounds);
                Scrape metrics = Await.until("every request in /metrics", Duration.ofSeconds(30), () -> new Scrape(app),
                        s -> s.requests(AllocationApp.ROUTE, 200) >= all, app::describe);
                assertTrue(metrics.requests(AllocationApp.ROUTE, 200) == all, metrics.text);
            }
            return new double[] {netty, webFlux};
        }
    }

    private static double figure(AgentProcess app, String server) {
        java.util.regex.MatchResult m = app.awaitOutput(Pattern.compile("alloc " + server + " (\\d+\\.\\d)"),
                Duration.ofMinutes(10));
        return Double.parseDouble(m.group(1));
    }
}

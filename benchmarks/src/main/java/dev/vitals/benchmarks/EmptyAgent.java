package dev.vitals.benchmarks;

import java.lang.instrument.Instrumentation;

/**
 * The {@code empty} agent of the comparison ({@link Agents}): a {@code premain} that does nothing, attached with
 * {@code -javaagent:} and a jar of this class alone (the build's {@code target/empty-agent}), so that the
 * application's class path gains nothing else. It measures what the JVM itself changes once any Java agent is
 * attached, before an agent's own code runs: on JDK 17, H2's {@code executeQuery} allocates 80 B more per call with this
 * agent than with none, the same as with Vitals. An agent's own cost is its figure over this one.
 */
public final class EmptyAgent {
    private EmptyAgent() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        // nothing: the point is to be attached
    }
}

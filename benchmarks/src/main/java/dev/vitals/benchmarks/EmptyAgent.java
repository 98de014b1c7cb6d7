package dev.vitals.benchmarks;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * Two baselines of the comparison ({@link Agents}), attached with {@code -javaagent:} and a jar of this class alone
 * (the build's {@code target/empty-agent}), so that the application's class path gains nothing else:
 * <ul>
 *   <li>{@code empty}: a {@code premain} that does nothing. It measures what the JVM itself changes once any Java
 *       agent is attached, before an agent's own code runs: on JDK 17, H2's {@code executeQuery} allocates 80 B more
 *       per call with this agent than with none, the same as with Vitals. An agent's own cost is its figure over
 *       this one.</li>
 *   <li>{@code transformer} (agent argument {@code transformer}): the same, plus one class file transformer, able to
 *       retransform, that changes nothing. Every class loaded after {@code premain} then goes through the JVM's
 *       call into Java with a copy of its bytes: the least any agent that instruments classes as they load pays,
 *       before it looks at a single class.</li>
 * </ul>
 */
public final class EmptyAgent {
    private EmptyAgent() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        if ("transformer".equals(args)) {
            instrumentation.addTransformer(new NoChange(), true);
        }
        // else nothing: the point is to be attached
    }

    /** Returns null for every class: the class loads unchanged. */
    static final class NoChange implements ClassFileTransformer {
        @Override
        public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                                ProtectionDomain protectionDomain, byte[] classfileBuffer) {
            return null;
        }
    }
}

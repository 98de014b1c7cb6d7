package dev.vitals.launcher;

import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The agent jar's entry points: {@code Premain-Class}, {@code Agent-Class} and {@code Main-Class}.
 *
 * <p>Compiled for Java 8, unlike the rest of the agent (Java 11): a {@code -javaagent} whose premain class
 * cannot load stops the JVM from starting, and legacy applications still run on Java 8. On a JVM older than
 * {@value #MINIMUM_JAVA} this prints one line to stderr and returns, so the application starts without the
 * agent. Only then does it load {@link Start} (Java 11 byte code), by name, so that no class of a newer
 * class-file version is linked before the check.
 */
public final class Launcher {
    /** The oldest Java feature release Vitals runs on. */
    static final int MINIMUM_JAVA = 11;
    private static final String START = "dev.vitals.launcher.Start";

    private Launcher() {
    }

    public static void premain(String args, Instrumentation inst) {
        if (supported()) {
            startAgent("premain", args, inst);
        }
    }

    public static void agentmain(String args, Instrumentation inst) {
        if (supported()) {
            startAgent("agentmain", args, inst);
        }
    }

    /** {@code java -jar vitals-agent.jar attach|version|config ...}. */
    public static void main(String[] args) throws Exception {
        if (!supported()) {
            System.exit(1);
        }
        try {
            Class.forName(START).getDeclaredMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    private static void startAgent(String entry, String args, Instrumentation inst) {
        try {
            Method method = Class.forName(START).getDeclaredMethod(entry, String.class, Instrumentation.class);
            method.invoke(null, args, inst);
        } catch (Throwable t) {
            Throwable cause = t instanceof InvocationTargetException && t.getCause() != null ? t.getCause() : t;
            System.err.println("[vitals] ERROR the agent could not start and is switched off: " + cause);
        }
    }

    private static boolean supported() {
        return supported(System.getProperty("java.specification.version"), System.getProperty("java.home"), System.err);
    }

    /** Whether Java {@code spec} is recent enough; if not, says so in one line on {@code err}. */
    static boolean supported(String spec, String javaHome, PrintStream err) {
        if (featureRelease(spec) >= MINIMUM_JAVA) {
            return true;
        }
        err.println("[vitals] ERROR Vitals needs Java " + MINIMUM_JAVA + " or later and this JVM is Java " + spec
                + " (" + javaHome + "); the agent is not started and the application runs without it");
        return false;
    }

    /**
     * {@code "1.8"} is 8, {@code "11"} is 11. A value that cannot be read counts as new: Java 8 and older always
     * set the property in the {@code 1.x} form.
     */
    static int featureRelease(String specVersion) {
        if (specVersion == null) {
            return Integer.MAX_VALUE;
        }
        String v = specVersion.startsWith("1.") ? specVersion.substring(2) : specVersion;
        int dot = v.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}

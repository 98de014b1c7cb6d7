package dev.vitals.launcher;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.util.jar.JarFile;

/**
 * What the agent jar's entry points do once {@link Launcher} has found a Java version Vitals supports.
 *
 * <p>Loaded by the system class loader, like every {@code -javaagent} jar, so it does as little as possible:
 * it creates the {@link VitalsClassLoader} that alone can see the agent's internals, and hands over to {@code dev.vitals.agent.Agent} there. It keeps no static
 * state, never touches {@code java.util.logging}, and turns any failure into one line on stderr: the
 * application must start whatever happens here.
 */
final class Start {
    private static final String AGENT_CLASS = "dev.vitals.agent.Agent";
    private static final String CLI_CLASS = "dev.vitals.agent.cli.Cli";

    private Start() {
    }

    static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    /** {@code java -jar vitals-agent.jar attach|version|config ...}. */
    static void main(String[] args) throws Exception {
        File jar = agentJar();
        ClassLoader loader = new VitalsClassLoader(new JarFile(jar, false), null);
        Method main = loader.loadClass(CLI_CLASS).getMethod("run", File.class, String[].class);
        int code;
        try {
            code = (Integer) main.invoke(null, jar, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
        System.exit(code);
    }

    private static void start(String args, Instrumentation inst, boolean attached) {
        try {
            File jar = agentJar();
            JarFile jarFile = new JarFile(jar, false);
            if (jarFile.getEntry("dev/vitals/inst/dev/vitals/agent/Agent.classdata") == null) {
                // Someone repacked our classes into an application uber-jar: the bootstrap split is gone.
                System.err.println("[vitals] ERROR " + jar + " is not the Vitals agent jar as built"
                        + " (was it repacked into another jar?); the agent is not started");
                return;
            }
            jarFile.close();
            // The agent puts dev.vitals.bootstrap in the boot loader itself, off the application's main thread.
            ClassLoader loader = new VitalsClassLoader(new JarFile(jar, false), ClassLoader.getPlatformClassLoader());
            Class<?> agent = loader.loadClass(AGENT_CLASS);
            agent.getMethod("start", File.class, String.class, Instrumentation.class, boolean.class)
                    .invoke(null, jar, args, inst, attached);
        } catch (Throwable t) {
            Throwable cause = t instanceof InvocationTargetException && t.getCause() != null ? t.getCause() : t;
            System.err.println("[vitals] ERROR the agent could not start and is switched off: " + cause);
        }
    }

    private static File agentJar() throws URISyntaxException {
        CodeSource source = Start.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("cannot locate the Vitals agent jar");
        }
        return new File(source.getLocation().toURI());
    }
}

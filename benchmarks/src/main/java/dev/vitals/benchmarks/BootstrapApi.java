package dev.vitals.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.jar.JarFile;

/**
 * The benchmarks that call a bootstrap hook in their own JVM ({@code recordRequest} and the like) must reach the
 * recorder the Vitals agent installs. The agent defines the bootstrap API in the boot loader on its own thread after
 * premain, while this jar carries a copy of it for the runs without the agent: a hook resolved before the agent has
 * defined it comes from this jar and keeps its no-op recorder, and the benchmark would time the no-op.
 */
final class BootstrapApi {
    private static final String VITALS_PREMAIN = "dev.vitals.launcher.Launcher";
    private static final long WAIT_MILLIS = 60_000;

    private BootstrapApi() {
    }

    /**
     * With the Vitals agent attached, waits until it has defined {@code hook} (a class name, so that naming it resolves
     * nothing) in the boot loader, then fails unless this jar's class loader resolves it to that class.
     */
    static void awaitAgentsHook(String hook) throws InterruptedException {
        if (!vitalsAttached()) {
            return;
        }
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
        Class<?> defined = null;
        while (defined == null) {
            try {
                defined = Class.forName(hook, false, null);
            } catch (ClassNotFoundException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Vitals agent did not define " + hook + " within " + WAIT_MILLIS + " ms");
                }
                Thread.sleep(10);
            }
        }
        try {
            if (Class.forName(hook, false, BootstrapApi.class.getClassLoader()) != defined) {
                throw new IllegalStateException(hook + " was loaded from the benchmarks jar before the agent defined it: "
                        + "this run would time the no-op recorder");
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(hook + " not found", e);
        }
    }

    private static boolean vitalsAttached() {
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-javaagent:")) {
                String path = arg.substring("-javaagent:".length());
                int options = path.indexOf('=');
                try (JarFile jar = new JarFile(options < 0 ? path : path.substring(0, options))) {
                    if (jar.getManifest() != null
                            && VITALS_PREMAIN.equals(jar.getManifest().getMainAttributes().getValue("Premain-Class"))) {
                        return true;
                    }
                } catch (IOException unreadable) {
                    // not a jar this check can read: not the Vitals agent as far as it can tell
                }
            }
        }
        return false;
    }
}

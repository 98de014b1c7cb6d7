package example;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Prints a line and returns from main: the JVM must then exit with 0, agent or not. With
 * {@code --wait-for=<file>} it first waits (up to 60 s) until that file exists, so a test can let the agent
 * finish starting before the application does its work and exits.
 */
public final class HelloApp {
    private HelloApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        awaitSignal(args);
        System.out.println("hello from app, java " + Runtime.version().feature());
    }

    /** Waits for the file named by a {@code --wait-for=<file>} argument, if there is one. */
    static void awaitSignal(String[] args) throws InterruptedException {
        for (String arg : args) {
            if (arg.startsWith("--wait-for=")) {
                Path signal = Paths.get(arg.substring("--wait-for=".length()));
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (!Files.exists(signal) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }
        }
    }
}

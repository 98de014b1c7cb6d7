package dev.vitals.it;

import org.junit.jupiter.api.Assertions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The jars under test, as Maven passes them ({@code vitals.agent.jar}, {@code vitals.demo.jar}). */
public final class Jars {
    private Jars() {
    }

    /** {@code agent/target/vitals-agent.jar}; fails the test when it has not been built. */
    public static Path agent() {
        return existing("vitals.agent.jar", "../../agent/target/vitals-agent.jar",
                "the Vitals agent jar",
                "build the agent first: mvn -B -q -DskipTests package -pl bootstrap,http-exporter,agent"
                        + " (from the repository root), or run the whole build with mvn verify");
    }

    /** {@code integration-tests/demo-shop/target/demo-shop.jar}; fails the test when it has not been built. */
    public static Path demoShop() {
        return existing("vitals.demo.jar", "../demo-shop/target/demo-shop.jar",
                "the demo shop jar",
                "build it first: mvn -B -q -DskipTests package -pl integration-tests/demo-shop"
                        + " (from the repository root), or run the whole build with mvn verify");
    }

    private static Path existing(String property, String fallback, String what, String howToBuild) {
        Path jar = Paths.get(System.getProperty(property, fallback)).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            Assertions.fail(what + " is missing at " + jar + ": " + howToBuild);
        }
        return jar;
    }
}

package dev.vitals.it;

import example.HelloApp;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bootstrap API is defined in the boot loader without appending the agent jar to the bootstrap class path,
 * so class-data sharing stays on and the JVM prints no warning on the application's stderr.
 */
class BootstrapApiTest {
    static final String CDS_WARNING = "Sharing is only supported for boot loader classes";

    @Test
    void bootstrapClassesAreDefinedInTheBootLoaderWithoutLosingCds() {
        AgentProcess.Finished run = AgentProcess.main(HelloApp.class)
                .jvmOptions("-Xshare:auto", "-Xlog:class+load=info:stdout:none")
                .run(Duration.ofSeconds(60));
        assertEquals(0, run.exitCode(), run.description());
        assertFalse(run.stderr().contains(CDS_WARNING), run.description());
        // Defined directly (no jar source): the class-load log names no bootstrap-class-path jar for it.
        assertTrue(run.stdout().contains("dev.vitals.bootstrap.Vitals source: __JVM_DefineClass__")
                || run.stdout().contains("dev.vitals.bootstrap.Vitals source: __Lookup_defineClass__"), run.description());
    }
}

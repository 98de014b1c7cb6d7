package dev.vitals.it;

import example.SleeperApp;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bootstrap API is defined in the boot loader without appending the agent jar to the bootstrap class path,
 * so class-data sharing stays on and the JVM prints no warning on the application's stderr.
 */
class BootstrapApiTest {
    static final String CDS_WARNING = "Sharing is only supported for boot loader classes";

    @Test
    void bootstrapClassesAreDefinedInTheBootLoaderWithoutLosingCds() throws Exception {
        Path log = AgentProcess.tempDir("vitals-bootstrap-").resolve("class-load.log");
        try (AgentProcess app = AgentProcess.main(SleeperApp.class)
                .jvmOptions("-Xshare:auto", "-Xlog:class+load=info:file=" + log)
                .args("120")
                .start()) {
            app.agentPort(); // started: the bootstrap API is defined (on vitals-init) before the install and the listener
            String loaded = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            assertFalse(app.stderr().contains(CDS_WARNING), app.stderr());
            // Defined directly (no jar source): the class-load log names no bootstrap-class-path jar for it.
            assertTrue(loaded.contains("dev.vitals.bootstrap.Vitals source: __JVM_DefineClass__")
                    || loaded.contains("dev.vitals.bootstrap.Vitals source: __Lookup_defineClass__"), app.stderr());
        }
    }
}

package dev.vitals.it.wildfly;

import dev.vitals.it.AgentProcess;
import dev.vitals.it.Jars;
import example.wildfly.ModulesApp;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distribution's own jboss-modules.jar and module repository, without booting a server: a module's class
 * loader must find {@code dev.vitals.bootstrap}, as a deployment's must for its requests to be recorded. With the
 * agent in premain it is on the list JBoss Modules reads; attached later, it is taught to JBoss Modules' class
 * loading.
 */
class JBossModulesSystemPackagesTest {
    private static final Pattern READY = Pattern.compile("modules ready, system packages: (.*)");
    private static final String FROM_BOOT = "a module loads dev.vitals.bootstrap.Vitals: from the boot loader\n";

    private static AgentProcess.Builder app() {
        Path home = WildFlyServer.home();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                + File.pathSeparator + home.resolve("jboss-modules.jar");
        return AgentProcess.main(ModulesApp.class).classPath(classPath).args(home.resolve("modules").toString());
    }

    @Test
    void premainKeepsWildFlysPackagesAndAddsItsOwn() {
        AgentProcess.Finished run = app().systemProperty("jboss.modules.system.pkgs", "org.jboss.byteman")
                .run(Duration.ofSeconds(60));
        assertEquals(0, run.exitCode(), run.description());
        assertTrue(run.stdout().contains("system packages: org.jboss.byteman,dev.vitals.bootstrap\n"), run.description());
        assertTrue(run.stdout().contains(FROM_BOOT), run.description());
    }

    /** A {@code JAVA_OPTS} in the environment replaces WildFly's defaults, the list included. */
    @Test
    void premainSetsTheListWhenThereIsNone() {
        AgentProcess.Finished run = app().run(Duration.ofSeconds(60));
        assertEquals(0, run.exitCode(), run.description());
        assertTrue(run.stdout().contains("system packages: dev.vitals.bootstrap\n"), run.description());
        assertTrue(run.stdout().contains(FROM_BOOT), run.description());
    }

    @Test
    void anAttachAfterJBossModulesReadTheListInstrumentsItsClassLoading() throws IOException {
        Path signal = AgentProcess.tempDir("modules-attach-").resolve("go");
        try (AgentProcess target = app().withoutAgent().args(signal.toString()).start()) {
            assertEquals("null", target.awaitOutput(READY, Duration.ofSeconds(30)).group(1));
            AgentProcess.Finished attach = AgentProcess.jar(Jars.agent()).withoutAgent()
                    .args("attach", String.valueOf(target.pid()),
                            "exporter.port=0,data.dir=" + AgentProcess.tempDir("modules-attach-data-"))
                    .run(Duration.ofSeconds(60));
            assertEquals(0, attach.exitCode(), attach.description());
            target.awaitStderr(Pattern.compile("\\[vitals] INFO JBoss Modules was already running when Vitals was"
                    + " attached; deployed applications load dev\\.vitals\\.bootstrap from the boot loader"), Duration.ofSeconds(30));
            Files.createFile(signal);
            assertEquals(0, target.waitFor(Duration.ofSeconds(60)), target.describe());
            assertTrue(target.stdout().contains(FROM_BOOT), target.describe());
            assertFalse(target.stderr().contains("[vitals] ERROR") || target.stderr().contains("[vitals] WARN"), target.describe());
        }
    }
}

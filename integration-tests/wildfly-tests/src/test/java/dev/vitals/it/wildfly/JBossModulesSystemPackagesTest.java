package dev.vitals.it.wildfly;

import dev.vitals.it.AgentProcess;
import dev.vitals.it.Jars;
import example.wildfly.ModulesApp;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.time.Duration;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distribution's own jboss-modules.jar, without booting a server: premain adds the bootstrap package to the
 * list JBoss Modules reads, and an attach after JBoss Modules has read it says in one line why nothing will be
 * recorded and what to do.
 */
class JBossModulesSystemPackagesTest {
    private static final Pattern READY = Pattern.compile("modules ready, system packages: (.*)");

    private static AgentProcess.Builder app() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                + File.pathSeparator + WildFlyServer.home().resolve("jboss-modules.jar");
        return AgentProcess.main(ModulesApp.class).classPath(classPath);
    }

    @Test
    void premainKeepsWildFlysPackagesAndAddsItsOwn() {
        AgentProcess.Finished run = app().systemProperty("jboss.modules.system.pkgs", "org.jboss.byteman")
                .args("0").run(Duration.ofSeconds(60));
        assertEquals(0, run.exitCode(), run.description());
        assertTrue(run.stdout().contains("system packages: org.jboss.byteman,dev.vitals.bootstrap\n"), run.description());
    }

    /** A {@code JAVA_OPTS} in the environment replaces WildFly's defaults, the list included. */
    @Test
    void premainSetsTheListWhenThereIsNone() {
        AgentProcess.Finished run = app().args("0").run(Duration.ofSeconds(60));
        assertEquals(0, run.exitCode(), run.description());
        assertTrue(run.stdout().contains("system packages: dev.vitals.bootstrap\n"), run.description());
    }

    @Test
    void anAttachAfterJBossModulesStartedSaysWhyInOneLine() {
        try (AgentProcess target = app().withoutAgent().args("60").start()) {
            assertEquals("null", target.awaitOutput(READY, Duration.ofSeconds(30)).group(1));
            AgentProcess.Finished attach = AgentProcess.jar(Jars.agent()).withoutAgent()
                    .args("attach", String.valueOf(target.pid()),
                            "exporter.port=0,data.dir=" + AgentProcess.tempDir("modules-attach-"))
                    .run(Duration.ofSeconds(60));
            assertEquals(0, attach.exitCode(), attach.description());
            target.awaitStderr(Pattern.compile("\\[vitals] WARN JBoss Modules .* was already running when Vitals was"
                    + " attached.*add dev\\.vitals\\.bootstrap to JBOSS_MODULES_SYSTEM_PKGS"), Duration.ofSeconds(30));
            assertEquals(1, target.stderr().split("JBoss Modules", -1).length - 1, target.describe());
            assertFalse(target.stderr().contains("[vitals] ERROR"), target.describe());
            assertTrue(target.isAlive(), target.describe());
        }
    }
}

package dev.vitals.agent;

import dev.vitals.agent.instrumentation.Unrelocated;
import dev.vitals.agent.log.Log;

import java.lang.instrument.Instrumentation;


/**
 * Lets deployments on JBoss Modules (WildFly, JBoss EAP) see {@code dev.vitals.bootstrap}, which advice inlined
 * into their classes calls. A module class loader hands to the JDK only {@code java.*} and the packages listed in
 * the system property {@code jboss.modules.system.pkgs}; without it every advice call fails with a suppressed
 * {@code NoClassDefFoundError} and nothing is recorded. JBoss Modules reads the property once, when its
 * {@code Module} class initialises: after premain, but before an agent attached late, which instead adds the
 * same delegation to {@code Module.loadModuleClass} with {@link JBossModulesAttach}.
 */
final class JBossModules {
    static final String SYSTEM_PACKAGES = "jboss.modules.system.pkgs";
    /**
     * {@code dev.vitals.bootstrap} by name: at premain this runs before the agent has put that package in the boot
     * loader, and naming one of its classes would look it up too early.
     */
    static final String BOOTSTRAP_PACKAGE = "dev.vitals.bootstrap";
    /** Built at run time: the jar's shading would rewrite a literal {@code org.jboss...} to its own copy. */
    private static final String MODULE_CLASS = Unrelocated.name("org", "jboss", "modules", "Module");

    private JBossModules() {
    }

    /**
     * Adds the bootstrap package to {@code jboss.modules.system.pkgs}, keeping what is there. At attach, when
     * JBoss Modules has already read the property, instruments its class loading instead, and if that fails logs
     * one line saying why deployments go unrecorded and what to do.
     */
    static void exposeBootstrap(Instrumentation inst, boolean attached) {
        String bootstrap = BOOTSTRAP_PACKAGE;
        String current = System.getProperty(SYSTEM_PACKAGES);
        if (lists(current, bootstrap)) {
            return;
        }
        if (attached && moduleLoaded(inst)) {
            // Too late for the list: JBoss Modules has read it. Teach its class loading the package instead.
            if (JBossModulesAttach.install(inst, MODULE_CLASS)) {
                Log.info("JBoss Modules was already running when Vitals was attached; deployed applications load "
                        + bootstrap + " from the boot loader through an advice on Module.loadModuleClass");
            } else {
                Log.warn("JBoss Modules (WildFly, JBoss EAP) was already running when Vitals was attached, so deployed"
                        + " applications cannot see " + bootstrap + " and their requests are not recorded; start the"
                        + " server with -javaagent in JAVA_OPTS (bin/standalone.conf), or add " + bootstrap
                        + " to JBOSS_MODULES_SYSTEM_PKGS before it starts");
            }
            return;
        }
        System.setProperty(SYSTEM_PACKAGES, withPackage(current, bootstrap));
    }

    /** Whether {@code value} (comma-separated, as JBoss Modules reads it) covers {@code pkg}: a prefix matches. */
    static boolean lists(String value, String pkg) {
        if (value == null) {
            return false;
        }
        for (String entry : value.split(",")) {
            String e = entry.trim();
            if (!e.isEmpty() && (pkg.equals(e) || pkg.startsWith(e + "."))) {
                return true;
            }
        }
        return false;
    }

    static String withPackage(String value, String pkg) {
        return value == null || value.trim().isEmpty() ? pkg : value + "," + pkg;
    }

    private static boolean moduleLoaded(Instrumentation inst) {
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (MODULE_CLASS.equals(c.getName())) {
                return true;
            }
        }
        return false;
    }
}

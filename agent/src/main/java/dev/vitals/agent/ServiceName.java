package dev.vitals.agent;

import dev.vitals.agent.instrumentation.Unrelocated;

import java.io.File;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Derives a default {@code service.name}. On an application server the launcher's name says nothing (a Tomcat
 * distribution runs {@code org.apache.catalina.startup.Bootstrap}, WildFly {@code jboss-modules.jar}), so there
 * it is the one deployed application (a WAR or directory in Tomcat's {@code webapps}, or a context descriptor;
 * a file in WildFly's {@code deployments}), else the server's directory name ({@code catalina.base}, or
 * {@code jboss.home.dir}). Elsewhere it is the jar's or the main class's name.
 */
final class ServiceName {
    static final String FALLBACK = "jvm-service";
    /** Applications that Tomcat ships and that do not name the service. */
    /** Joined at run time: the jar's relocation would rewrite the literal (see {@link Unrelocated}). */
    private static final String JBOSS_MODULES_MAIN = Unrelocated.name("org", "jboss", "modules", "Main");
    private static final Set<String> TOMCAT_OWN = Set.of("ROOT", "manager", "host-manager", "docs", "examples");

    private ServiceName() {
    }

    /** From the system properties of this JVM. */
    static String derive() {
        return derive(System.getProperty("sun.java.command"), System::getProperty);
    }

    /** From the command line alone (no application server). */
    static String derive(String javaCommand) {
        return derive(javaCommand, key -> null);
    }

    /**
     * @param javaCommand the {@code sun.java.command} property
     * @param properties  system properties by key (null when unset)
     */
    static String derive(String javaCommand, UnaryOperator<String> properties) {
        if (javaCommand == null || javaCommand.trim().isEmpty()) {
            return FALLBACK;
        }
        String first = javaCommand.trim().split("\\s+")[0];
        if (first.equals("org.apache.catalina.startup.Bootstrap") && properties.apply("catalina.base") != null) {
            return tomcat(new File(properties.apply("catalina.base")));
        }
        if ((first.endsWith("jboss-modules.jar") || first.equals(JBOSS_MODULES_MAIN)) && properties.apply("jboss.home.dir") != null) {
            return wildFly(properties.apply("jboss.server.base.dir"), new File(properties.apply("jboss.home.dir")));
        }
        if (first.endsWith(".jar")) {
            return withoutExtension(new File(first).getName());
        }
        int dot = first.lastIndexOf('.');
        String simple = dot >= 0 ? first.substring(dot + 1) : first;
        return simple.isEmpty() ? FALLBACK : simple;
    }

    private static String tomcat(File base) {
        Set<String> apps = new TreeSet<>();
        for (String entry : list(new File(base, "webapps"))) {
            File f = new File(base, "webapps" + File.separator + entry);
            if (f.isDirectory()) {
                apps.add(entry);
            } else if (entry.endsWith(".war")) {
                apps.add(withoutExtension(entry));
            }
        }
        // Context descriptors deploy applications from elsewhere: conf/Catalina/localhost/shop.xml is /shop.
        for (String entry : list(new File(base, "conf" + File.separator + "Catalina" + File.separator + "localhost"))) {
            if (entry.endsWith(".xml")) {
                apps.add(withoutExtension(entry));
            }
        }
        apps.removeAll(TOMCAT_OWN);
        return apps.size() == 1 ? apps.iterator().next().replace('#', '/') : directoryName(base);
    }

    private static String wildFly(String baseDir, File home) {
        if (baseDir != null) {
            Set<String> apps = new TreeSet<>();
            for (String entry : list(new File(baseDir, "deployments"))) {
                if (entry.endsWith(".war") || entry.endsWith(".ear") || entry.endsWith(".jar")) {
                    apps.add(withoutExtension(entry));
                }
            }
            if (apps.size() == 1) {
                return apps.iterator().next();
            }
        }
        // The base directory is usually "standalone", which names no service; the installation's does.
        return directoryName(home);
    }

    private static String[] list(File dir) {
        String[] entries = dir.list();
        return entries == null ? new String[0] : entries;
    }

    private static String directoryName(File dir) {
        File abs = dir.getAbsoluteFile().toPath().normalize().toFile();
        String name = abs.getName();
        return name.isEmpty() ? FALLBACK : name;
    }

    private static String withoutExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}

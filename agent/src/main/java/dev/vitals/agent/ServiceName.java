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
 * {@code jboss.home.dir}). WildFly's directories are system properties or, as {@code bin/standalone.sh} passes them,
 * {@code -D} arguments of the server. Elsewhere it is the jar's or the main class's name.
 */
final class ServiceName {
    static final String FALLBACK = "jvm-service";
    /** Applications that Tomcat ships and that do not name the service. */
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
     * @param javaCommand the {@code sun.java.command} property: the main class or jar, then the program's arguments
     * @param properties  system properties by key (null when unset)
     */
    static String derive(String javaCommand, UnaryOperator<String> properties) {
        if (javaCommand == null || javaCommand.trim().isEmpty()) {
            return FALLBACK;
        }
        String[] words = javaCommand.trim().split("\\s+");
        String first = words[0];
        if (first.equals("org.apache.catalina.startup.Bootstrap") && properties.apply("catalina.base") != null) {
            return tomcat(new File(properties.apply("catalina.base")));
        }
        // A literal of this name would be relocated with the agent's own JBoss classes.
        if (first.endsWith("jboss-modules.jar") || first.equals(Unrelocated.name("org", "jboss", "modules", "Main"))) {
            // bin/standalone.sh passes both directories as arguments of the server, after the JVM has started.
            String home = property("jboss.home.dir", properties, words);
            String base = property("jboss.server.base.dir", properties, words);
            if (home != null) {
                // WildFly's own default for the base directory.
                return wildFly(base != null ? base : home + File.separator + "standalone", new File(home));
            }
            if (base != null) {
                return wildFly(base, new File(base));
            }
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

    /** The system property, else the last {@code -Dkey=value} among the program's arguments. */
    private static String property(String key, UnaryOperator<String> properties, String[] words) {
        String value = properties.apply(key);
        String prefix = "-D" + key + "=";
        for (int i = 1; value == null && i < words.length; i++) {
            // Read from the end: like the server, the last of repeated arguments wins.
            String word = words[words.length - i];
            if (word.startsWith(prefix) && word.length() > prefix.length()) {
                value = word.substring(prefix.length());
            }
        }
        return value;
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

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
        String command = javaCommand.trim();
        String first = launcher(command, properties.apply("java.class.path"));
        if (first.equals("org.apache.catalina.startup.Bootstrap") && properties.apply("catalina.base") != null) {
            return tomcat(new File(properties.apply("catalina.base")));
        }
        // A literal of this name would be relocated with the agent's own JBoss classes.
        if (first.endsWith("jboss-modules.jar") || first.equals(Unrelocated.name("org", "jboss", "modules", "Main"))) {
            // bin/standalone.sh passes both directories as arguments of the server, after the JVM has started.
            String home = property("jboss.home.dir", properties, command);
            String base = property("jboss.server.base.dir", properties, command);
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

    /**
     * The main class or jar at the start of {@code command}, whose parts are joined by spaces: a jar's path may hold
     * spaces itself ({@code /opt/my apps/shop.jar --port 80}). With {@code -jar} the class path is exactly that
     * path; otherwise the path runs to the first {@code .jar} that ends a word, and a main class has no spaces.
     */
    static String launcher(String command, String classPath) {
        if (classPath != null && !classPath.isEmpty() && command.startsWith(classPath)
                && (command.length() == classPath.length() || command.charAt(classPath.length()) == ' ')) {
            return classPath;
        }
        for (int at = command.indexOf(".jar"); at >= 0; at = command.indexOf(".jar", at + 1)) {
            int end = at + 4;
            if (end == command.length() || command.charAt(end) == ' ') {
                String jar = command.substring(0, end);
                // a jar only if what comes before is one path (no option of the program before it)
                if (!jar.contains(" -")) {
                    return jar;
                }
                break;
            }
        }
        int space = command.indexOf(' ');
        return space < 0 ? command : command.substring(0, space);
    }

    /**
     * The system property, else the last {@code -Dkey=value} among the program's arguments (like the server, the
     * last of repeated arguments wins). The value runs to the next argument that starts with {@code -}, so a
     * directory with spaces in its name is read whole.
     */
    private static String property(String key, UnaryOperator<String> properties, String command) {
        String value = properties.apply(key);
        if (value != null) {
            return value;
        }
        String prefix = " -D" + key + "=";
        int at = command.lastIndexOf(prefix);
        if (at < 0) {
            return null;
        }
        int from = at + prefix.length();
        int end = command.indexOf(" -", from);
        value = (end < 0 ? command.substring(from) : command.substring(from, end)).trim();
        return value.isEmpty() ? null : value;
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

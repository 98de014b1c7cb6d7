package dev.vitals.it.servlet;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The test applications: which container jars (copied by Maven into {@code target/containers/NAME}) and
 * which sources under {@code src/test/apps} make each one, and its main class. Sources are written against
 * {@code javax.servlet}; for Servlet 5+ containers the package is rewritten to {@code jakarta.servlet}, so
 * both API generations run the same servlet code.
 */
enum App {
    TOMCAT_9("app.TomcatMain", false, List.of("tomcat9"), List.of("common", "tomcat")),
    TOMCAT_10("app.TomcatMain", true, List.of("tomcat10"), List.of("common", "tomcat")),
    TOMCAT_11("app.TomcatMain", true, List.of("tomcat11"), List.of("common", "tomcat")),
    JETTY_9("app.Jetty9Main", false, List.of("jetty9"), List.of("common", "jetty9")),
    /** Jetty 10 and 11 keep 9.4's org.eclipse.jetty.servlet API: the same main class, javax or jakarta. */
    JETTY_10("app.Jetty9Main", false, List.of("jetty10"), List.of("common", "jetty9")),
    JETTY_11("app.Jetty9Main", true, List.of("jetty11"), List.of("common", "jetty9")),
    JETTY_12("app.Jetty12Main", true, List.of("jetty12"), List.of("common", "jetty12")),
    UNDERTOW("app.UndertowMain", true, List.of("undertow"), List.of("common", "undertow")),
    /** Tomcat 10.1 plus Spring MVC 6.2: spring/Extras.java replaces tomcat/Extras.java. */
    SPRING_MVC("app.TomcatMain", true, List.of("tomcat10", "spring"), List.of("common", "tomcat", "spring")),
    /** Tomcat 10.1 plus admin servlets that deploy and undeploy a web application: leak/Extras.java. */
    LEAK("app.TomcatMain", true, List.of("tomcat10"), List.of("common", "tomcat", "leak"));

    final String mainClass;
    final boolean jakarta;
    final List<String> jarDirs;
    final List<String> sourceDirs;

    App(String mainClass, boolean jakarta, List<String> jarDirs, List<String> sourceDirs) {
        this.mainClass = mainClass;
        this.jakarta = jakarta;
        this.jarDirs = jarDirs;
        this.sourceDirs = sourceDirs;
    }

    static Path dir(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set (run the tests through Maven)");
        }
        return Paths.get(value);
    }

    List<Path> jars() {
        List<Path> jars = new ArrayList<>();
        for (String d : jarDirs) {
            Path dir = dir("vitals.containers.dir").resolve(d);
            try (Stream<Path> files = Files.list(dir)) {
                jars.addAll(files.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList()));
            } catch (IOException e) {
                throw new UncheckedIOException("container jars missing in " + dir + " (mvn generate-test-resources)", e);
            }
        }
        return jars;
    }

    /** Compiles this app's sources against its container jars; returns the class path to run it. */
    synchronized String buildClassPath() {
        Path classes = dir("vitals.work.dir").resolve(name().toLowerCase()).resolve("classes");
        List<Path> jars = jars();
        compile(sourceDirs, jars, classes);
        List<String> cp = new ArrayList<>();
        cp.add(classes.toString());
        jars.forEach(j -> cp.add(j.toString()));
        return String.join(java.io.File.pathSeparator, cp);
    }

    /**
     * Compiles the sources of {@code sourceDirs} (under {@code src/test/apps}) into {@code classes}. A later
     * directory's file replaces an earlier one of the same name (spring/Extras.java over tomcat/Extras.java).
     */
    void compile(List<String> sourceDirs, List<Path> classPath, Path classes) {
        Path src = classes.resolveSibling(classes.getFileName() + "-src");
        try {
            Files.createDirectories(src);
            Files.createDirectories(classes);
            Map<String, String> sources = new TreeMap<>();
            for (String d : sourceDirs) {
                try (Stream<Path> files = Files.list(dir("vitals.apps.dir").resolve(d))) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
                        String text = Files.readString(f);
                        sources.put(f.getFileName().toString(), jakarta ? text.replace("javax.servlet", "jakarta.servlet") : text);
                    }
                }
            }
            List<String> args = new ArrayList<>(List.of("-proc:none", "-nowarn", "-encoding", "UTF-8",
                    "-d", classes.toString(), "-cp", classPath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator))));
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path file = src.resolve(e.getKey());
                Files.writeString(file, e.getValue());
                args.add(file.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = javac.run(null, err, err, args.toArray(new String[0]));
            if (rc != 0) {
                throw new IllegalStateException("compiling " + sourceDirs + " for " + this + " failed:\n"
                        + err.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

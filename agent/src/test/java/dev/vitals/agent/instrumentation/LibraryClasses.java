package dev.vitals.agent.instrumentation;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Real library classes for matcher tests, read from the jars the build copies to {@code target/matcher-jars}
 * (Tomcat 11, H2, HikariCP, Ehcache 3) and from the test class path, and offered to a matcher the way the agent's transformer
 * does: the class's own bytes handed to {@link TypeIndex}, its description from a type pool. Nothing is loaded.
 */
public final class LibraryClasses implements AutoCloseable {
    private final URLClassLoader loader;
    private final TypePool pool;

    private LibraryClasses(URLClassLoader loader) {
        this.loader = loader;
        this.pool = TypePool.Default.of(ClassFileLocator.ForClassLoader.of(loader));
    }

    /** A fresh class loader over the named jars of {@code target/matcher-jars} and the test class path. */
    public static LibraryClasses of(String... jarPrefixes) {
        return new LibraryClasses(new URLClassLoader(jars(jarPrefixes), LibraryClasses.class.getClassLoader()));
    }

    /**
     * A fresh class loader over the named jars alone (and the JDK): where the test class path holds another version of a
     * library (the agent compiles against Tomcat 9), its classes are read from the jar.
     */
    public static LibraryClasses isolated(String... jarPrefixes) {
        return new LibraryClasses(new URLClassLoader(jars(jarPrefixes), ClassLoader.getPlatformClassLoader()));
    }

    private static URL[] jars(String... jarPrefixes) {
        Path dir = Paths.get("target", "matcher-jars");
        URL[] urls = new URL[jarPrefixes.length];
        try {
            for (int i = 0; i < jarPrefixes.length; i++) {
                String prefix = jarPrefixes[i];
                try (var jars = Files.list(dir)) {
                    Path jar = jars.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                            .orElseThrow(() -> new IllegalStateException(prefix + "*.jar is not in " + dir.toAbsolutePath()
                                    + ": the build copies it there (mvn generate-test-resources)"));
                    urls[i] = jar.toUri().toURL();
                }
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return urls;
    }

    /** The loader the classes are offered from. */
    public ClassLoader loader() {
        return loader;
    }

    /** Whether {@code matcher} takes the class {@code name} as the transformer would offer it. */
    public boolean matches(Transformations.RawMatcher matcher, String name) {
        byte[] bytes = classFile(name);
        TypeDescription type = pool.describe(name).resolve();
        Object outer = TypeIndex.begin(name.replace('.', '/'), bytes);
        try {
            return matcher.matches(type, loader, null, null, null);
        } finally {
            TypeIndex.end(outer);
        }
    }

    /** What {@code matcher} decides for {@code name} as it loads, from its name and bytes, as the start-up gate asks. */
    public boolean mayMatch(CandidateTypes.HeaderMatcher matcher, String name) {
        Object outer = TypeIndex.begin(name.replace('.', '/'), classFile(name));
        try {
            return matcher.mayMatch(name, loader);
        } finally {
            TypeIndex.end(outer);
        }
    }

    private byte[] classFile(String name) {
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException(name + " is not in the test's jars");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The class {@code name} as the agent's type pool describes it (its methods, for method matchers). */
    public TypeDescription describe(String name) {
        return pool.describe(name).resolve();
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}

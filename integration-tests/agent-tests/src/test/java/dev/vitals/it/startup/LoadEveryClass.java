package dev.vitals.it.startup;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Child JVM: loads (without initialising) every class of every jar in a directory through one fresh class loader whose
 * parent is the platform loader, the way a large application's start loads its libraries. Prints
 * {@code loaded N failed M}; classes that need an absent optional dependency fail to load and are counted apart.
 */
public final class LoadEveryClass {
    private LoadEveryClass() {
    }

    public static void main(String[] args) throws Exception {
        File[] jars = new File(args[0]).listFiles((dir, name) -> name.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("no jars in " + args[0]);
        }
        java.util.Arrays.sort(jars);
        List<URL> urls = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (File jar : jars) {
            urls.add(jar.toURI().toURL());
            try (JarFile file = new JarFile(jar)) {
                for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                    String entry = e.nextElement().getName();
                    if (entry.endsWith(".class") && !entry.startsWith("META-INF/") && !entry.endsWith("module-info.class")
                            && !entry.endsWith("package-info.class")) {
                        names.add(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'));
                    }
                }
            }
        }
        int loaded = 0;
        int failed = 0;
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
            for (String name : names) {
                try {
                    Class.forName(name, false, loader);
                    loaded++;
                } catch (LinkageError | ClassNotFoundException missingDependency) {
                    failed++;
                }
            }
        }
        System.out.println("loaded " + loaded + " failed " + failed);
    }
}

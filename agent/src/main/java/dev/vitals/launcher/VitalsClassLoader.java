package dev.vitals.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent's internals, stored in the agent jar as {@code dev/vitals/inst/**.classdata}, which no
 * other class loader can see. Parent-first: the JDK and, in agent mode, the bootstrap API come from the
 * parent, so that agent code and advice share one copy of {@code dev.vitals.bootstrap}.
 *
 * <p>Thread-safe: registered as parallel capable, and {@link JarFile} reads are synchronized internally.
 */
final class VitalsClassLoader extends ClassLoader {
    static final String PREFIX = "dev/vitals/inst/";

    static {
        registerAsParallelCapable();
    }

    private final JarFile jar;
    private final URL jarUrl;
    private final ProtectionDomain domain;

    VitalsClassLoader(JarFile jar, ClassLoader parent) throws MalformedURLException {
        super("vitals", parent);
        this.jar = jar;
        this.jarUrl = new java.io.File(jar.getName()).toURI().toURL();
        this.domain = new ProtectionDomain(new CodeSource(jarUrl, (Certificate[]) null), null, this, null);
    }

    /**
     * Parent-first, except for the agent's own internals: a class stored as {@code .classdata} is one no other loader
     * can see, so asking the parents first would only cost, for each of the thousands of classes the agent loads at
     * start-up, a miss in the system class path (which holds the agent jar) and a {@link ClassNotFoundException}.
     */
    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith("dev.vitals.")) {
            JarEntry internal = jar.getJarEntry(PREFIX + name.replace('.', '/') + ".classdata");
            if (internal != null) {
                synchronized (getClassLoadingLock(name)) {
                    Class<?> loaded = findLoadedClass(name);
                    if (loaded == null) {
                        loaded = define(name, internal);
                    }
                    if (resolve) {
                        resolveClass(loaded);
                    }
                    return loaded;
                }
            }
        }
        return super.loadClass(name, resolve);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        String path = name.replace('.', '/');
        JarEntry entry = jar.getJarEntry(PREFIX + path + ".classdata");
        if (entry == null) {
            // Without the bootstrap append (the CLI), the bootstrap API is ours to load.
            entry = jar.getJarEntry(path + ".class");
        }
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        return define(name, entry);
    }

    private Class<?> define(String name, JarEntry entry) throws ClassNotFoundException {
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = readEntry(in, entry.getSize());
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        definePackageFor(name);
        return defineClass(name, bytes, 0, bytes.length, domain);
    }

    /**
     * The entry's bytes in one array of its size: {@code readAllBytes} reads in 8 KB chunks and copies them together,
     * which tripled the bytes allocated to load the agent's ~1,500 classes while the application starts.
     */
    static byte[] readEntry(InputStream in, long size) throws IOException {
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            return in.readAllBytes();
        }
        byte[] bytes = new byte[(int) size];
        int read = in.readNBytes(bytes, 0, bytes.length);
        if (read != bytes.length || in.read() != -1) {
            throw new IOException("jar entry of " + size + " bytes has " + (read == bytes.length ? "more" : String.valueOf(read)));
        }
        return bytes;
    }

    private void definePackageFor(String className) {
        int dot = className.lastIndexOf('.');
        if (dot > 0) {
            String pkg = className.substring(0, dot);
            if (getDefinedPackage(pkg) == null) {
                try {
                    definePackage(pkg, null, null, null, null, null, null, null);
                } catch (IllegalArgumentException raced) {
                    // Another thread defined it first: fine.
                }
            }
        }
    }

    /**
     * The agent's own resources (its class files, which advice is inlined from) straight from the open jar, without
     * asking the parents first: for a name in no JDK package the boot and platform loaders search every module of the
     * runtime image before they miss, and the URL that {@link #findResource} returns would then be opened through a
     * {@code JarURLConnection}. Any other resource is looked up parent-first, as {@link ClassLoader} does.
     */
    @Override
    public InputStream getResourceAsStream(String name) {
        JarEntry internal = jar.getJarEntry(internalName(name));
        if (internal != null) {
            try {
                return jar.getInputStream(internal);
            } catch (IOException e) {
                return null;
            }
        }
        return super.getResourceAsStream(name);
    }

    /** The jar entry a resource of the agent's internals is stored as: {@code .class} files as {@code .classdata}. */
    private static String internalName(String name) {
        return name.endsWith(".class")
                ? PREFIX + name.substring(0, name.length() - ".class".length()) + ".classdata"
                : PREFIX + name;
    }

    @Override
    protected URL findResource(String name) {
        String internal = internalName(name);
        if (jar.getJarEntry(internal) == null) {
            return null;
        }
        try {
            return new URL("jar:" + jarUrl + "!/" + internal);
        } catch (MalformedURLException e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
    }
}

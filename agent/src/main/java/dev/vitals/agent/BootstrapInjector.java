package dev.vitals.agent;

import net.bytebuddy.jar.asm.ClassReader;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Defines the bootstrap API ({@code dev.vitals.bootstrap}: the hooks, their recorder interfaces and the per-thread
 * call state) directly in the bootstrap class loader, so that advice inlined into any class can reach it. It depends on
 * the JDK alone: what the recorders record into (the metric store, HdrHistogram) lives in the agent's class loader.
 *
 * <p>Why not {@link Instrumentation#appendToBootstrapClassLoaderSearch}: on JDK 17 that switches class-data
 * sharing off for every class outside the boot loader and makes the JVM print "Sharing is only supported for boot
 * loader classes because bootstrap classpath has been appended" on the application's stderr. Here, only
 * {@code java.lang} is opened, and only to the agent's own class loader, to call the JDK's
 * {@code ClassLoader.defineClass1} with the boot loader. Classes are defined supertypes first. When any of this is
 * refused, the caller falls back to appending the jar.
 *
 * <p>Loaded by the agent's class loader; it must not touch {@code dev.vitals.bootstrap} itself.
 */
public final class BootstrapInjector {
    private static final String MARKER = "dev.vitals.bootstrap.Vitals";
    private static final String PACKAGE = "dev/vitals/bootstrap/";
    /** Written by the build (agent/pom.xml): the jar entries of the bootstrap API. */
    static final String CLASS_LIST = "dev/vitals/bootstrap/classes.list";

    private BootstrapInjector() {
    }

    /** Returns true when the bootstrap API is in the boot loader (defined now or by an earlier attach). */
    public static boolean inject(Instrumentation inst, JarFile jar) {
        try {
            if (definedInBootLoader(MARKER)) {
                return true;
            }
            Module javaBase = Object.class.getModule();
            inst.redefineModule(javaBase, Set.of(), Map.of(), Map.of("java.lang", Set.of(BootstrapInjector.class.getModule())),
                    Set.of(), Map.of());
            Method define = ClassLoader.class.getDeclaredMethod("defineClass1", ClassLoader.class, String.class, byte[].class,
                    int.class, int.class, ProtectionDomain.class, String.class);
            define.setAccessible(true);
            defineAll(define, read(jar));
            return definedInBootLoader(MARKER);
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * The bootstrap classes' bytes by binary name. The build lists their entries in {@link #CLASS_LIST}, so only those
     * entries are opened: walking the whole jar (some 6,500 entries) cost tens of milliseconds on the application's
     * main thread. A jar without the list (an older build) is walked.
     */
    private static Map<String, byte[]> read(JarFile jar) throws IOException {
        JarEntry list = jar.getJarEntry(CLASS_LIST);
        List<String> names = new ArrayList<>();
        if (list != null) {
            try (InputStream in = jar.getInputStream(list)) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    names.add(line.trim());
                }
            }
        } else {
            for (JarEntry e : Collections.list(jar.entries())) {
                names.add(e.getName());
            }
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (String name : names) {
            if (!name.endsWith(".class") || !name.startsWith(PACKAGE)) {
                continue;
            }
            JarEntry e = jar.getJarEntry(name);
            if (e == null) {
                throw new IOException(name + " is listed in " + CLASS_LIST + " but not in the jar");
            }
            try (InputStream in = jar.getInputStream(e)) {
                classes.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'), in.readAllBytes());
            }
        }
        return classes;
    }

    /**
     * Defines every class after its superclass and interfaces (read from its header): the boot loader cannot find
     * them itself, and a definition that fails for a missing supertype costs two exceptions.
     */
    private static void defineAll(Method define, Map<String, byte[]> classes) throws Exception {
        Set<String> defined = new HashSet<>();
        for (String name : classes.keySet()) {
            defineWithSupertypes(define, classes, name, defined);
        }
    }

    private static void defineWithSupertypes(Method define, Map<String, byte[]> classes, String name, Set<String> defined)
            throws Exception {
        byte[] bytes = classes.get(name);
        if (bytes == null || !defined.add(name)) {
            return; // not ours (a JDK type), or defined already
        }
        ClassReader header = new ClassReader(bytes);
        if (header.getSuperName() != null) {
            defineWithSupertypes(define, classes, header.getSuperName().replace('/', '.'), defined);
        }
        for (String iface : header.getInterfaces()) {
            defineWithSupertypes(define, classes, iface.replace('/', '.'), defined);
        }
        define.invoke(null, null, name, bytes, 0, bytes.length, null, null);
    }

    private static boolean definedInBootLoader(String name) {
        try {
            Class.forName(name, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}

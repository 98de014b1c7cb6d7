package dev.vitals.agent.instrumentation.servlet;

import dev.vitals.agent.instrumentation.CandidateTypes;
import dev.vitals.agent.instrumentation.Transformations;
import dev.vitals.agent.instrumentation.TypeIndex;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;

/**
 * Tomcat's {@code StandardWrapperValve} of one servlet API, where the servlet advice records each request once for
 * every servlet and filter of the container ({@code invoke(Request, Response)} runs a dispatch's whole filter chain).
 * Which API a Tomcat uses (9: {@code javax.servlet}, 10 and 11: {@code jakarta.servlet}) is read from the valve's
 * own class file: a class loader may see both.
 *
 * <p>The class loaders of the valves matched are kept (weakly): a servlet or filter loaded by one of them or by a
 * loader below it runs inside that valve, so the servlet module's rule for every servlet and filter skips it without
 * reading its class file. On a Tomcat distribution that is about half the classes woven at its start.
 */
final class TomcatWrapperValves implements Transformations.RawMatcher, CandidateTypes.HeaderMatcher {
    static final String NAME = "org.apache.catalina.core.StandardWrapperValve";

    /** The loaders of the valves matched so far; copied on write, read on every servlet check. */
    private static volatile List<WeakReference<ClassLoader>> loaders = new ArrayList<>();

    private final String apiPackage;
    private final byte[][] apiPrefix;

    /** @param apiPackage {@code javax.servlet} or {@code jakarta.servlet} */
    TomcatWrapperValves(String apiPackage) {
        this.apiPackage = apiPackage + ".";
        this.apiPrefix = new byte[][] {(apiPackage.replace('.', '/') + "/").getBytes(StandardCharsets.US_ASCII)};
    }

    @Override
    public boolean mayMatch(String name, ClassLoader loader) {
        // A class loaded before the install is asked without its bytes (true): it is asked again with them when it is
        // retransformed, and only then is its loader kept.
        if (!name.equals(NAME) || !TypeIndex.holdsConstantStartingWith(name, apiPrefix)) {
            return false;
        }
        if (TypeIndex.hasClassFileOf(name)) {
            remember(loader);
        }
        return true;
    }

    @Override
    public boolean matches(TypeDescription type, ClassLoader loader, Module module, Class<?> classBeingRedefined,
                           ProtectionDomain protectionDomain) {
        if (!type.getName().equals(NAME)) {
            return false;
        }
        for (MethodDescription method : type.getDeclaredMethods()) {
            for (TypeDescription thrown : method.getExceptionTypes().asErasures()) {
                if (thrown.getName().startsWith(apiPackage)) {
                    remember(loader);
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a class of {@code loader} runs inside a valve matched so far: its loader or one above it. */
    static boolean covers(ClassLoader loader) {
        List<WeakReference<ClassLoader>> known = loaders;
        if (known.isEmpty()) {
            return false;
        }
        try {
            for (ClassLoader l = loader; l != null; l = l.getParent()) {
                for (WeakReference<ClassLoader> valveLoader : known) {
                    if (valveLoader.get() == l) {
                        return true;
                    }
                }
            }
        } catch (SecurityException denied) {
            // Tomcat under its security manager may refuse the agent a loader's parent: the class is then checked and
            // woven as a servlet or filter, which the call depth keeps from counting a request twice.
        }
        return false;
    }

    private static synchronized void remember(ClassLoader loader) {
        if (loader == null) {
            return;
        }
        List<WeakReference<ClassLoader>> kept = new ArrayList<>();
        for (WeakReference<ClassLoader> known : loaders) {
            ClassLoader l = known.get();
            if (l == loader) {
                return;
            }
            if (l != null) {
                kept.add(known);
            }
        }
        kept.add(new WeakReference<>(loader));
        loaders = kept;
    }

    /** Forgets every valve: for tests. */
    static synchronized void forgetAll() {
        loaders = new ArrayList<>();
    }
}

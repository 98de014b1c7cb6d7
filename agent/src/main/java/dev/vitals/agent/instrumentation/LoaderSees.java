package dev.vitals.agent.instrumentation;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Whether a class loader can see a library at all (any of some class files), asked once per loader. Most
 * loaders, and the bootstrap loader, cannot, and then no hierarchy is walked. Loaders are held weakly, so no
 * application class loader is kept alive.
 */
public final class LoaderSees {
    private final String[] resources;
    private final Map<ClassLoader, Boolean> answers = Collections.synchronizedMap(new WeakHashMap<>());

    /** @param resources class files such as {@code javax/servlet/Servlet.class} */
    public LoaderSees(String... resources) {
        this.resources = resources.clone();
    }

    /** False for the bootstrap loader (null). */
    public boolean test(ClassLoader loader) {
        if (loader == null) {
            return false;
        }
        Boolean known = answers.get(loader);
        if (known == null) {
            known = Boolean.FALSE;
            for (String resource : resources) {
                MatchCounters.loaderResourceLookup();
                if (loader.getResource(resource) != null) {
                    known = Boolean.TRUE;
                    break;
                }
            }
            answers.put(loader, known);
        }
        return known;
    }
}

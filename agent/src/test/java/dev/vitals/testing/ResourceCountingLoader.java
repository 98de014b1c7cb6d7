package dev.vitals.testing;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

/**
 * A class loader that remembers every resource it is asked for: tests count the questions the agent asks of an
 * application's class loaders, since each miss walks every jar on a real loader's path.
 */
public final class ResourceCountingLoader extends ClassLoader {
    /** The resources asked for, in order. */
    public final List<String> asked = new ArrayList<>();

    /** Finds nothing. */
    public ResourceCountingLoader() {
        super(null);
    }

    /** Finds what {@code parent} finds. */
    public ResourceCountingLoader(ClassLoader parent) {
        super(parent);
    }

    @Override
    public URL getResource(String name) {
        asked.add(name);
        return getParent() == null ? null : super.getResource(name);
    }
}

package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.agent.instrumentation.LoaderSees;
import dev.vitals.agent.instrumentation.TypeHierarchy;
import dev.vitals.agent.instrumentation.CandidateTypes;
import dev.vitals.agent.instrumentation.TypeIndex;
import dev.vitals.agent.instrumentation.Transformations;
import net.bytebuddy.description.type.TypeDescription;

import java.security.ProtectionDomain;

/**
 * Matches classes that implement {@code javax.cache.Cache}, cheaply: only in class loaders that see the JCache API
 * at all, only classes whose simple name contains {@code Cache} (every provider's does: Caffeine's
 * {@code CacheProxy}, Ehcache's {@code Eh107Cache}, Hazelcast's {@code CacheProxy}, Infinispan's and Redisson's
 * {@code JCache}), and only concrete or abstract classes ({@link TypeIndex} reads that from the class's header).
 * Only those few are walked up their hierarchy.
 */
final class JCacheTypes implements Transformations.RawMatcher, CandidateTypes.HeaderMatcher {
    private static final String API = "javax.cache.Cache";
    private static final LoaderSees JCACHE = new LoaderSees("javax/cache/Cache.class");

    @Override
    public boolean matches(TypeDescription type, ClassLoader loader, Module module, Class<?> classBeingRedefined,
                           ProtectionDomain protectionDomain) {
        return mayBeCache(type.getName(), loader)
                && (TypeIndex.facts(type, loader) & (TypeIndex.INTERFACE | TypeIndex.ANNOTATION)) == 0
                && TypeHierarchy.find(type, t -> API.equals(t.getName()) ? Boolean.TRUE : null) != null;
    }

    /** The first, cheap half: Byte Buddy walks the hierarchy only of the classes this keeps. */
    @Override
    public boolean mayMatch(String name, ClassLoader loader) {
        return mayBeCache(name, loader) && (TypeIndex.factsOfLoading(name, loader) & (TypeIndex.INTERFACE | TypeIndex.ANNOTATION)) == 0;
    }

    private static boolean mayBeCache(String name, ClassLoader loader) {
        return loader != null && !name.startsWith("javax.cache.") && name.substring(name.lastIndexOf('.') + 1).contains("Cache")
                && JCACHE.test(loader);
    }
}

package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.agent.instrumentation.LoaderSees;
import dev.vitals.agent.instrumentation.CandidateTypes;
import dev.vitals.agent.instrumentation.TypeIndex;
import dev.vitals.agent.instrumentation.Transformations;
import net.bytebuddy.description.type.TypeDescription;

import java.security.ProtectionDomain;

/**
 * Matches classes that implement {@code javax.cache.Cache}, cheaply: only in class loaders that see the JCache API
 * at all, only classes whose simple name contains {@code Cache} (every provider's does: Caffeine's
 * {@code CacheProxy}, Ehcache's {@code Eh107Cache}, Hazelcast's {@code CacheProxy}, Infinispan's and Redisson's
 * {@code JCache}), and only classes that {@link TypeIndex} finds implementing it: it reads the class's header from
 * the bytes being loaded and remembers each supertype's answer per class loader, so the walk up the hierarchy is
 * shared with the servlet and JDBC matchers and only the classes that are caches reach Byte Buddy.
 */
final class JCacheTypes implements Transformations.RawMatcher, CandidateTypes.HeaderMatcher {
    private static final LoaderSees JCACHE = new LoaderSees("javax/cache/Cache.class");

    @Override
    public boolean matches(TypeDescription type, ClassLoader loader, Module module, Class<?> classBeingRedefined,
                           ProtectionDomain protectionDomain) {
        return mayBeCache(type.getName(), loader) && TypeIndex.isClassOf(TypeIndex.facts(type, loader), TypeIndex.JCACHE);
    }

    /** Decided from the loading class's own bytes: only caches reach Byte Buddy. */
    @Override
    public boolean mayMatch(String name, ClassLoader loader) {
        return mayBeCache(name, loader) && TypeIndex.isClassOf(TypeIndex.factsOfLoading(name, loader), TypeIndex.JCACHE);
    }

    private static boolean mayBeCache(String name, ClassLoader loader) {
        return loader != null && !name.startsWith("javax.cache.") && name.substring(name.lastIndexOf('.') + 1).contains("Cache")
                && JCACHE.test(loader);
    }
}

package dev.vitals.agent.instrumentation.httpclient;

import dev.vitals.agent.instrumentation.CandidateTypes;
import dev.vitals.agent.instrumentation.Transformations;
import dev.vitals.agent.instrumentation.TypeIndex;
import net.bytebuddy.description.type.TypeDescription;

import java.security.ProtectionDomain;

/**
 * The classes of one Apache HttpClient package that extend one of its base clients ({@link TypeIndex#HTTP_CLIENT_4},
 * {@link TypeIndex#HTTP_CLIENT_5}, {@link TypeIndex#HTTP_ASYNC_CLIENT_5}), known from the class's header and the
 * supertypes {@link TypeIndex} reads or remembers: a loading class, or one loaded before the install, is decided and
 * woven from its class file, never described. The package comes first, so no other class's hierarchy is read.
 */
final class ClientsIn implements Transformations.RawMatcher, CandidateTypes.HeaderMatcher {
    private final String packagePrefix;
    private final int kind;

    ClientsIn(String packagePrefix, int kind) {
        this.packagePrefix = packagePrefix;
        this.kind = kind;
    }

    @Override
    public boolean mayMatch(String name, ClassLoader loader) {
        return loader != null && name.startsWith(packagePrefix)
                && TypeIndex.isClassOf(TypeIndex.factsOfLoading(name, loader), kind);
    }

    @Override
    public boolean matches(TypeDescription type, ClassLoader loader, Module module, Class<?> classBeingRedefined,
                           ProtectionDomain protectionDomain) {
        return loader != null && type.getName().startsWith(packagePrefix)
                && TypeIndex.isClassOf(TypeIndex.facts(type, loader), kind);
    }
}

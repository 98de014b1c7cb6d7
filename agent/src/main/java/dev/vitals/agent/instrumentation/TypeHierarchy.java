package dev.vitals.agent.instrumentation;

import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Walks a type's superclasses and interfaces by name, without loading any class, for transformations that look
 * for a declaration up the hierarchy (a JAX-RS method's annotations). Matchers ask
 * {@link TypeIndex} instead, which remembers its answers per class loader.
 */
public final class TypeHierarchy {
    private TypeHierarchy() {
    }

    /**
     * The first non-null answer of {@code visit} for the type and its supertypes, breadth first; null if none.
     * JDK types ({@code java.*}) are visited but their own supertypes are not walked. A supertype that cannot be
     * resolved (an optional dependency the application does not have) ends that branch instead of failing the
     * match, which would log a transformation error for a class that is none of ours.
     */
    public static <T> T find(TypeDescription type, Function<TypeDescription, T> visit) {
        Deque<TypeDefinition> pending = new ArrayDeque<>();
        Set<String> visited = new HashSet<>();
        pending.add(type);
        while (!pending.isEmpty()) {
            TypeDefinition t = pending.poll();
            try {
                TypeDescription erasure = t.asErasure();
                String name = erasure.getName();
                if (!visited.add(name)) {
                    continue;
                }
                T answer = visit.apply(erasure);
                if (answer != null) {
                    return answer;
                }
                if (name.startsWith("java.")) {
                    continue;
                }
                TypeDefinition superClass = erasure.getSuperClass();
                if (superClass != null) {
                    pending.add(superClass);
                }
                pending.addAll(erasure.getInterfaces());
            } catch (RuntimeException unresolvable) {
                // Byte Buddy throws IllegalStateException for a type its pool cannot find.
            }
        }
        return null;
    }
}

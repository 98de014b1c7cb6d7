package dev.vitals.agent.instrumentation;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The types any module may advise, known from a loading class's name and header, so that the {@link StartupGate} hands
 * the transformer only the classes that can match, and the transformer weaves them from their class files without a
 * description where a rule's matcher is one of these. Describing a class costs Byte Buddy a parse of its whole structure;
 * a large application loads thousands of classes that survive the ignored package families and match nothing.
 *
 * <p>Every module names its types through this class ({@link #named}, {@link #nameStartsWith}, {@link #byHeader})
 * instead of Byte Buddy's matchers, which records them while the module installs: the recorded names, prefixes and
 * header matchers are then exactly what the modules' type matchers look at, with no second list to keep in step.
 * {@code CandidateTypesTest} fails when a module names a type another way.
 */
public final class CandidateTypes {
    /** The set being recorded while the modules install, else null (a matcher built elsewhere records nothing). */
    private static volatile CandidateTypes recording;

    private final Set<String> names = ConcurrentHashMap.newKeySet();
    private final List<String> prefixes = new CopyOnWriteArrayList<>();
    private final List<HeaderMatcher> headers = new CopyOnWriteArrayList<>();

    private CandidateTypes() {
    }

    /** Starts recording what the modules about to install name. */
    static CandidateTypes record() {
        CandidateTypes candidates = new CandidateTypes();
        recording = candidates;
        return candidates;
    }

    /** The modules are installed: what they named is complete. */
    static void stopRecording() {
        recording = null;
    }

    /** A type matcher that decides from a loading class's name, its class loader and its header (through {@link TypeIndex}). */
    public interface HeaderMatcher {
        /** Whether the class may match; {@link TypeIndex} has the class's own bytes while this is asked. */
        boolean mayMatch(String name, ClassLoader loader);

        /**
         * Whether {@link #mayMatch} is the whole answer for a loading class, as the type matcher would give it once the
         * class is described; else a class it takes must still be described.
         */
        default boolean decides() {
            return true;
        }
    }

    /** Byte Buddy's {@code named}, recorded. */
    public static ElementMatcher.Junction<TypeDescription> named(String name) {
        CandidateTypes c = recording;
        if (c != null) {
            c.names.add(name);
        }
        return new ByName(Collections.singleton(name), null);
    }

    /** Byte Buddy's {@code namedOneOf}, recorded. */
    public static ElementMatcher.Junction<TypeDescription> namedOneOf(String... names) {
        CandidateTypes c = recording;
        if (c != null) {
            c.names.addAll(Arrays.asList(names));
        }
        return new ByName(new HashSet<>(Arrays.asList(names)), null);
    }

    /** Byte Buddy's {@code nameStartsWith}, recorded: every class of the package is a candidate. */
    public static ElementMatcher.Junction<TypeDescription> nameStartsWith(String prefix) {
        CandidateTypes c = recording;
        if (c != null) {
            c.prefixes.add(prefix);
        }
        return new ByName(Collections.<String>emptySet(), prefix);
    }

    /**
     * A type matcher on names, which also answers for a loading class from its name alone: {@link AgentTransformer}
     * then weaves the class without describing it.
     */
    static final class ByName extends ElementMatcher.Junction.AbstractBase<TypeDescription> implements HeaderMatcher {
        private final Set<String> names;
        private final String prefix;

        ByName(Set<String> names, String prefix) {
            this.names = names;
            this.prefix = prefix;
        }

        @Override
        public boolean matches(TypeDescription type) {
            return type != null && takes(type.getName());
        }

        @Override
        public boolean mayMatch(String name, ClassLoader loader) {
            return takes(name);
        }

        private boolean takes(String name) {
            return names.contains(name) || (prefix != null && name.startsWith(prefix));
        }

        /** Narrowed by a matcher on the description: a class whose name this does not take is still rejected by name. */
        @Override
        @SuppressWarnings("unchecked")
        public <U extends TypeDescription> ElementMatcher.Junction<U> and(ElementMatcher<? super U> other) {
            return (ElementMatcher.Junction<U>) new Narrowed(this, (ElementMatcher<? super TypeDescription>) other);
        }
    }

    /** A name matcher and a matcher on the description: only the name is known before a class is described. */
    static final class Narrowed extends ElementMatcher.Junction.AbstractBase<TypeDescription> implements HeaderMatcher {
        private final ByName names;
        private final ElementMatcher<? super TypeDescription> described;

        Narrowed(ByName names, ElementMatcher<? super TypeDescription> described) {
            this.names = names;
            this.described = described;
        }

        @Override
        public boolean matches(TypeDescription type) {
            return names.matches(type) && described.matches(type);
        }

        @Override
        public boolean mayMatch(String name, ClassLoader loader) {
            return names.mayMatch(name, loader);
        }

        @Override
        public boolean decides() {
            return false;
        }
    }

    /** A matcher that decides from the header, recorded; it is asked again, the same way, once Byte Buddy describes the class. */
    public static <T extends Transformations.RawMatcher & HeaderMatcher> T byHeader(T matcher) {
        CandidateTypes c = recording;
        if (c != null) {
            c.headers.add(matcher);
        }
        return matcher;
    }

    /**
     * Whether a class loaded before the install may be advised: the only ones the retransformation then matches and
     * describes. The others are ignored families or match nothing, as {@link #mayMatch} decides for a loading class;
     * with match counting on, {@link MatchCounters} remembers a class left out here, to count its retransformation as
     * missed.
     */
    boolean retransformCandidate(Class<?> type) {
        if (type.isArray() || type.isPrimitive()) {
            return false;
        }
        String name = type.getName();
        boolean candidate = !IgnoredTypes.ignored(name) && mayMatchLoaded(name, type);
        if (!candidate && MatchCounters.ENABLED) {
            MatchCounters.leftOutOfRetransformation(type);
        }
        return candidate;
    }

    private boolean mayMatchLoaded(String name, Class<?> type) {
        Object outer = TypeIndex.beginLoaded(type);
        try {
            return mayMatch(name, type.getClassLoader());
        } catch (Throwable unreadable) {
            return true; // whatever cannot be decided here is left to Byte Buddy
        } finally {
            TypeIndex.end(outer);
        }
    }

    /**
     * Whether a loading class may be advised: named, in a named package, or taken by a header matcher.
     * {@code name} is the binary name ({@code a.b.C$D}); the class's own bytes are with {@link TypeIndex}.
     */
    boolean mayMatch(String name, ClassLoader loader) {
        if (names.contains(name)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        for (HeaderMatcher matcher : headers) {
            if (matcher.mayMatch(name, loader)) {
                return true;
            }
        }
        return false;
    }
}

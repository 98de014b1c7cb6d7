package dev.vitals.agent.instrumentation;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.matcher.ElementMatcher;

import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the modules advise, built as Byte Buddy's agent builder is ({@code type(matcher).transform(transformer)},
 * chained), but without loading any of its classes: {@link AgentTransformer} applies the result. Every type matcher
 * is asked in order and the transformers of each one that matches are applied, in order.
 *
 * <p>Immutable: each step returns a new builder, so a module can keep an intermediate step and go on from it.
 */
public class Transformations {
    /** Takes a type from its description and where it is loaded, as Byte Buddy's {@code AgentBuilder.RawMatcher}. */
    public interface RawMatcher {
        /**
         * @param classBeingRedefined the loaded class when it is retransformed, else null
         * @param module              the class's module, or null where none is known
         */
        boolean matches(TypeDescription type, ClassLoader loader, Module module, Class<?> classBeingRedefined,
                        ProtectionDomain protectionDomain);
    }

    /**
     * Changes the methods a matched type declares: returns {@code methods} with this transformer's method visitors
     * (advice) added. The class is rewritten once, with every transformer's visitors, by {@link AgentTransformer}.
     */
    public interface Transformer {
        AsmVisitorWrapper.ForDeclaredMethods transform(AsmVisitorWrapper.ForDeclaredMethods methods, TypeDescription type,
                                                       ClassLoader loader, Module module, ProtectionDomain protectionDomain);
    }

    /** A type matcher and the transformers applied to the types it takes. */
    static final class Rule {
        final RawMatcher matcher;
        /**
         * The same matcher asked of a loading class by its name and header (see {@link CandidateTypes}), or null when
         * it can only be asked of a description.
         */
        final CandidateTypes.HeaderMatcher loading;
        final List<Transformer> transformers;

        Rule(RawMatcher matcher, List<Transformer> transformers) {
            this.matcher = matcher;
            this.transformers = transformers;
            Object decides = matcher instanceof ForElementMatcher ? ((ForElementMatcher) matcher).matcher : matcher;
            this.loading = decides instanceof CandidateTypes.HeaderMatcher ? (CandidateTypes.HeaderMatcher) decides : null;
        }
    }

    private final List<Rule> rules;

    Transformations(List<Rule> rules) {
        this.rules = rules;
    }

    /** No transformation yet. */
    public static Transformations empty() {
        return new Transformations(Collections.<Rule>emptyList());
    }

    /** Types whose description {@code matcher} takes. */
    public Identified type(ElementMatcher<? super TypeDescription> matcher) {
        return new Identified(rules, new ForElementMatcher(matcher));
    }

    /** Types {@code matcher} takes. */
    public Identified type(RawMatcher matcher) {
        return new Identified(rules, matcher);
    }

    /** The rules, in the order they were added. */
    List<Rule> rules() {
        return rules;
    }

    /** A type matcher waiting for its first transformer. */
    public static final class Identified {
        private final List<Rule> before;
        private final RawMatcher matcher;

        Identified(List<Rule> before, RawMatcher matcher) {
            this.before = before;
            this.matcher = matcher;
        }

        /** Applies {@code transformer} to the matched types. */
        public Extendable transform(Transformer transformer) {
            List<Rule> rules = new ArrayList<>(before);
            rules.add(new Rule(matcher, Collections.singletonList(transformer)));
            return new Extendable(Collections.unmodifiableList(rules));
        }
    }

    /** Transformations whose last type matcher may take more transformers. */
    public static final class Extendable extends Transformations {
        Extendable(List<Rule> rules) {
            super(rules);
        }

        /** Also applies {@code transformer} to the types the last matcher takes, after the ones before. */
        public Extendable transform(Transformer transformer) {
            List<Rule> rules = new ArrayList<>(rules());
            Rule last = rules.remove(rules.size() - 1);
            List<Transformer> transformers = new ArrayList<>(last.transformers);
            transformers.add(transformer);
            rules.add(new Rule(last.matcher, Collections.unmodifiableList(transformers)));
            return new Extendable(Collections.unmodifiableList(rules));
        }
    }

    /** A matcher on the type's description alone. */
    static final class ForElementMatcher implements RawMatcher {
        private final ElementMatcher<? super TypeDescription> matcher;

        ForElementMatcher(ElementMatcher<? super TypeDescription> matcher) {
            this.matcher = matcher;
        }

        @Override
        public boolean matches(TypeDescription type, ClassLoader loader, Module module, Class<?> classBeingRedefined,
                               ProtectionDomain protectionDomain) {
            return matcher.matches(type);
        }
    }
}

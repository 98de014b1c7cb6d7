package dev.vitals.agent.instrumentation;

import net.bytebuddy.description.type.TypeDescription;

import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;

/**
 * The type matchers an {@link InstrumentationModule} really installs: its {@link InstrumentationModule#install} runs
 * against an empty {@link Transformations}, whose rules then hold every {@code type(...)} matcher, so a test checks
 * the module's own matchers, not a copy of them. Together they are one {@link Transformations.RawMatcher} that takes
 * a class when any of them does, for {@link LibraryClasses#matches}.
 */
public final class InstalledTypeMatchers implements Transformations.RawMatcher {
    private final List<Transformations.RawMatcher> matchers;
    /** Each rule's matcher as asked of a loading class ({@link Transformations.Rule#loading}), null where there is none. */
    private final List<CandidateTypes.HeaderMatcher> loading;

    private InstalledTypeMatchers(List<Transformations.RawMatcher> matchers, List<CandidateTypes.HeaderMatcher> loading) {
        this.matchers = matchers;
        this.loading = loading;
    }

    /** Installs {@code module} into an empty builder; the modules tested need nothing from the context. */
    public static InstalledTypeMatchers of(InstrumentationModule module) {
        List<Transformations.RawMatcher> recorded = new ArrayList<>();
        List<CandidateTypes.HeaderMatcher> loading = new ArrayList<>();
        for (Transformations.Rule rule : module.install(null, Transformations.empty()).rules()) {
            if (rule.transformers.isEmpty()) {
                throw new AssertionError(module.name() + " installed a type matcher without a transformer");
            }
            recorded.add(rule.matcher);
            loading.add(rule.loading);
        }
        if (recorded.isEmpty()) {
            throw new AssertionError(module.name() + " installed no type matcher");
        }
        return new InstalledTypeMatchers(recorded, loading);
    }

    /**
     * Whether every rule decides a loading class from its name and header alone ({@link CandidateTypes.HeaderMatcher#decides}):
     * then no class the module takes is ever described through Byte Buddy, loading or retransformed.
     */
    public boolean decideFromHeaders() {
        for (CandidateTypes.HeaderMatcher matcher : loading) {
            if (matcher == null || !matcher.decides()) {
                return false;
            }
        }
        return true;
    }

    /** Whether any rule takes {@code name} as it loads, from its name and bytes, as the start-up gate asks. */
    public boolean mayMatch(LibraryClasses lib, String name) {
        for (CandidateTypes.HeaderMatcher matcher : loading) {
            if (matcher != null && lib.mayMatch(matcher, name)) {
                return true;
            }
        }
        return false;
    }

    /** How many {@code type(...)} matchers the module installed. */
    public int count() {
        return matchers.size();
    }

    @Override
    public boolean matches(TypeDescription type, ClassLoader loader, Module module, Class<?> classBeingRedefined,
                           ProtectionDomain protectionDomain) {
        for (Transformations.RawMatcher matcher : matchers) {
            if (matcher.matches(type, loader, module, classBeingRedefined, protectionDomain)) {
                return true;
            }
        }
        return false;
    }
}

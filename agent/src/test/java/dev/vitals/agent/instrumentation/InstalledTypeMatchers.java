package dev.vitals.agent.instrumentation;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;

/**
 * The type matchers an {@link InstrumentationModule} really installs: its {@link InstrumentationModule#install} runs
 * against a builder that records every {@code type(...)} call, so a test checks the module's own matchers, not a
 * copy of them. Together they are one {@link AgentBuilder.RawMatcher} that takes a class when any of them does,
 * for {@link LibraryClasses#matches}.
 */
public final class InstalledTypeMatchers implements AgentBuilder.RawMatcher {
    private final List<AgentBuilder.RawMatcher> matchers;

    private InstalledTypeMatchers(List<AgentBuilder.RawMatcher> matchers) {
        this.matchers = matchers;
    }

    /** Installs {@code module} into a recording builder; the modules tested need nothing from the context. */
    public static InstalledTypeMatchers of(InstrumentationModule module) {
        List<AgentBuilder.RawMatcher> recorded = new ArrayList<>();
        Object[] builder = new Object[1];
        // One proxy plays the builder and the step after type(...): transform(...) leads back to the builder.
        builder[0] = Proxy.newProxyInstance(InstalledTypeMatchers.class.getClassLoader(),
                new Class<?>[] {AgentBuilder.Identified.Extendable.class, AgentBuilder.Identified.Narrowable.class},
                (proxy, method, args) -> record(method, args, recorded, proxy));
        module.install(null, (AgentBuilder) builder[0]);
        if (recorded.isEmpty()) {
            throw new AssertionError(module.name() + " installed no type matcher");
        }
        return new InstalledTypeMatchers(recorded);
    }

    @SuppressWarnings("unchecked")
    private static Object record(Method method, Object[] args, List<AgentBuilder.RawMatcher> recorded, Object proxy) {
        String name = method.getName();
        if (method.getDeclaringClass() == Object.class) {
            return name.equals("equals") ? proxy == args[0] : name.equals("hashCode") ? System.identityHashCode(proxy)
                    : "recording AgentBuilder";
        }
        if (name.equals("type") && args.length == 1 && args[0] instanceof AgentBuilder.RawMatcher) {
            recorded.add((AgentBuilder.RawMatcher) args[0]);
            return proxy;
        }
        if (name.equals("type") && args.length == 1 && args[0] instanceof ElementMatcher) {
            recorded.add(new AgentBuilder.RawMatcher.ForElementMatchers(
                    (ElementMatcher<? super TypeDescription>) args[0]));
            return proxy;
        }
        if (name.equals("transform") && args.length == 1) {
            return proxy;
        }
        throw new UnsupportedOperationException("the recording builder does not know " + method
                + ": teach InstalledTypeMatchers what it means for the matched types");
    }

    /** How many {@code type(...)} matchers the module installed. */
    public int count() {
        return matchers.size();
    }

    @Override
    public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module, Class<?> classBeingRedefined,
                           ProtectionDomain protectionDomain) {
        for (AgentBuilder.RawMatcher matcher : matchers) {
            if (matcher.matches(type, loader, module, classBeingRedefined, protectionDomain)) {
                return true;
            }
        }
        return false;
    }
}

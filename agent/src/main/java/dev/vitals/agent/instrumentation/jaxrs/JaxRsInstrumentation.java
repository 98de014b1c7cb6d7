package dev.vitals.agent.instrumentation.jaxrs;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.instrumentation.CandidateTypes;
import dev.vitals.agent.config.ConfigKey;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.instrumentation.AdviceTransformer;
import dev.vitals.agent.instrumentation.InstrumentationModule;
import dev.vitals.agent.instrumentation.Instrumentations;
import dev.vitals.agent.instrumentation.TypeIndex;
import dev.vitals.agent.instrumentation.Transformations;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.implementation.bytecode.constant.NullConstant;
import net.bytebuddy.matcher.ElementMatcher;

import java.security.ProtectionDomain;


/**
 * JAX-RS route templates (Jersey, RESTEasy, CXF: any implementation, {@code javax.ws.rs} or
 * {@code jakarta.ws.rs}). Resource methods of root resource classes get advice that reports their
 * {@code @Path} template to the servlet recording, so {@code GET /owners/42} is recorded as
 * {@code GET /owners/{ownerId}}. The template is computed once per method when its class is transformed
 * and inlined as a constant.
 */
public final class JaxRsInstrumentation implements InstrumentationModule {
    @Override
    public String name() {
        return "jaxrs";
    }

    @Override
    public ConfigKey<Boolean> enabledKey() {
        return Keys.INSTRUMENTATION_JAXRS;
    }

    @Override
    public Transformations install(Config config, Transformations builder) {
        AdviceTransformer advice = Instrumentations.advice(
                        () -> Advice.withCustomMapping().bind(JaxRsAdvice.RouteTemplate.class, new TemplateMapping()))
                .advice(new ResourceMethods(), advice("JaxRsAdvice"));
        return builder.type(CandidateTypes.byHeader(new ResourceTypes())).transform(advice);
    }

    /** Binds {@link JaxRsAdvice.RouteTemplate} to the instrumented method's template as a string constant. */
    static final class TemplateMapping implements Advice.OffsetMapping {
        @Override
        public Target resolve(TypeDescription instrumentedType, MethodDescription instrumentedMethod, Assigner assigner,
                              Advice.ArgumentHandler argumentHandler, Sort sort) {
            String template = JaxRsTemplates.template(instrumentedMethod);
            return template == null ? new Target.ForStackManipulation(NullConstant.INSTANCE)
                    : Target.ForStackManipulation.of(template);
        }
    }

    /**
     * Concrete methods (not constructors) with a route template. Written out rather than composed from Byte Buddy's
     * {@code ElementMatchers}, which would load that class and some 30 matcher classes at every start.
     */
    static final class ResourceMethods extends ElementMatcher.Junction.AbstractBase<MethodDescription> {
        @Override
        public boolean matches(MethodDescription method) {
            return method.isMethod() && !method.isAbstract() && JaxRsTemplates.template(method) != null;
        }
    }

    /**
     * Concrete classes with a JAX-RS {@code @Path} on themselves or a supertype: the name is checked first, then the
     * class loader is asked whether it sees JAX-RS at all (once per loader), then the hierarchy is walked.
     */
    static final class ResourceTypes implements Transformations.RawMatcher, CandidateTypes.HeaderMatcher {
        @Override
        public boolean matches(TypeDescription type, ClassLoader loader, Module module, Class<?> classBeingRedefined,
                               ProtectionDomain protectionDomain) {
            return TypeIndex.mayBeResource(type.getName()) && TypeIndex.seesJaxRs(loader)
                    && isResource(TypeIndex.facts(type, loader));
        }

        @Override
        public boolean mayMatch(String name, ClassLoader loader) {
            return TypeIndex.mayBeResource(name) && TypeIndex.seesJaxRs(loader)
                    && isResource(TypeIndex.factsOfLoading(name, loader));
        }

        private static boolean isResource(int facts) {
            return (facts & (TypeIndex.INTERFACE | TypeIndex.ABSTRACT)) == 0 && (facts & TypeIndex.JAXRS_PATH) != 0;
        }
    }
}

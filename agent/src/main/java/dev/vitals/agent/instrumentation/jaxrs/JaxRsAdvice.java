package dev.vitals.agent.instrumentation.jaxrs;

import dev.vitals.bootstrap.RequestScope;
import net.bytebuddy.asm.Advice;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Advice on JAX-RS resource methods: hands the method's route template, a string constant computed when the
 * class was transformed ({@link RouteTemplate}), to the request being recorded by the servlet advice. Inlined
 * into application classes; references only the bootstrap API. Allocates nothing.
 */
public final class JaxRsAdvice {
    private JaxRsAdvice() {
    }

    /** Bound to the instrumented method's template (see {@link JaxRsInstrumentation}). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    public @interface RouteTemplate {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@RouteTemplate String template) {
        if (template != null) {
            RequestScope.current().routeTemplate(template);
        }
    }
}

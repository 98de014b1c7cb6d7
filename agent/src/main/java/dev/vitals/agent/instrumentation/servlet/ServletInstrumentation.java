package dev.vitals.agent.instrumentation.servlet;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.instrumentation.CandidateTypes;
import dev.vitals.agent.config.ConfigKey;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.instrumentation.InstrumentationModule;
import dev.vitals.agent.instrumentation.AdviceTransformer;
import dev.vitals.agent.instrumentation.Instrumentations;
import dev.vitals.agent.instrumentation.LoaderSees;
import dev.vitals.agent.instrumentation.TypeIndex;
import dev.vitals.agent.instrumentation.Unrelocated;
import dev.vitals.agent.instrumentation.MethodMatcher;
import dev.vitals.agent.instrumentation.Transformations;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;

import static dev.vitals.agent.instrumentation.MethodMatcher.isAbstract;
import static dev.vitals.agent.instrumentation.MethodMatcher.named;
import static dev.vitals.agent.instrumentation.MethodMatcher.not;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArgument;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArguments;

/**
 * HTTP server requests through {@code javax.servlet} (3.0-4.0) and {@code jakarta.servlet} (5.0+):
 * advice on every concrete {@code Servlet.service(ServletRequest, ServletResponse)} and
 * {@code Filter.doFilter(ServletRequest, ServletResponse, FilterChain)}, except in Tomcat, whose wrapper valve runs
 * every filter chain and gets the same advice ({@link TomcatWrapperValves}): the servlets and filters of its class
 * loaders are not woven once that valve has loaded.
 *
 * <p>Matching stays cheap: a class loader is asked once whether it can see a servlet API at all (most
 * loaders, and the bootstrap loader, cannot); types of large libraries that never are servlets or filters
 * are skipped by name; only then does {@link TypeIndex} answer from the type's header and the supertypes it
 * remembers for the class loader, without loading any class. Both API generations are matched at once.
 */
public final class ServletInstrumentation implements InstrumentationModule {
    private static final String[] API_PACKAGES = {"javax.servlet", "jakarta.servlet"};
    /** Every request passes through its {@code service} once in Tomcat 9-11: {@link TomcatAdapterAdvice}. */
    static final String TOMCAT_ADAPTER = "org.apache.catalina.connector.CoyoteAdapter";
    /**
     * Jetty's server, whose {@code handle(HttpChannel)} (9.4-11: {@link JettyServerAdvice}) or
     * {@code handle(Request, Response, Callback)} (12: {@link Jetty12ServerAdvice}) every request passes once.
     */
    static final String JETTY_SERVER = "org.eclipse.jetty.server.Server";
    /**
     * Packages with no servlet or filter, often loaded by the same class loader as the web application or the
     * server: their class files are not read. (Logging libraries are not here: Log4j and Logback ship servlet
     * filters.) Tomcat's own protocol, utility, naming and pool packages are about half the classes a Tomcat
     * distribution's start hands to the checks; its servlets and filters are in {@code org.apache.catalina},
     * {@code org.apache.jasper} and {@code org.apache.tomcat.websocket}.
     */
    private static final String[] NEVER_SERVLETS = {
        "java.", "jdk.", "kotlin.", "scala.", "groovy.", "org.codehaus.groovy.", Unrelocated.name("com", "fasterxml", "jackson", ""),
        "org.hibernate.", "io.netty.", "reactor.", "org.h2.", "org.postgresql.", "org.mariadb.", "com.mysql.",
        "com.zaxxer.hikari.", "redis.clients.", "io.lettuce.", "org.aspectj.", "org.objectweb.asm.",
        "com.google.common.", "org.apache.commons.", "io.micrometer.", "org.yaml.snakeyaml.",
        "org.springframework.core.", "org.springframework.beans.", "org.springframework.context.",
        "org.springframework.aop.", "org.springframework.expression.", "org.springframework.util.",
        "org.apache.tomcat.util.", "org.apache.coyote.", "org.apache.naming.", "org.apache.tomcat.dbcp.",
        "org.apache.tomcat.jdbc.",
    };

    @Override
    public String name() {
        return "servlet";
    }

    @Override
    public ConfigKey<Boolean> enabledKey() {
        return Keys.INSTRUMENTATION_SERVLET;
    }

    @Override
    public Transformations install(Config config, Transformations builder) {
        AdviceTransformer advice = Instrumentations.advice();
        for (String api : API_PACKAGES) {
            String adviceClass = api.startsWith("javax") ? advice("JavaxServletAdvice")
                    : advice("JakartaServletAdvice");
            advice = advice
                    .advice(serviceMethod(api), adviceClass)
                    .advice(doFilterMethod(api), adviceClass);
        }
        return builder.type(CandidateTypes.byHeader(new ServletTypes())).transform(advice)
                .type(CandidateTypes.byHeader(new TomcatWrapperValves(API_PACKAGES[0])))
                .transform(wrapperValveAdvice("JavaxServletAdvice"))
                .type(CandidateTypes.byHeader(new TomcatWrapperValves(API_PACKAGES[1])))
                .transform(wrapperValveAdvice("JakartaServletAdvice"))
                .type(CandidateTypes.named(TOMCAT_ADAPTER))
                .transform(Instrumentations.advice().advice(named("service").and(takesArguments(2))
                        .and(takesArgument(0, "org.apache.coyote.Request")),
                        advice("TomcatAdapterAdvice")))
                .type(CandidateTypes.named(JETTY_SERVER))
                .transform(Instrumentations.advice().advice(named("handle").and(takesArguments(1))
                        .and(takesArgument(0, "org.eclipse.jetty.server.HttpChannel")),
                        advice("JettyServerAdvice"))
                        .advice(named("handle").and(takesArguments(3))
                        .and(takesArgument(0, "org.eclipse.jetty.server.Request")),
                        advice("Jetty12ServerAdvice")))
                // The application's Undertow, not the agent's relocated copy: the name is joined at run time.
                .type(CandidateTypes.named(Unrelocated.name("io", "undertow", "server", "HttpServerExchange")))
                .transform(Instrumentations.advice().advice(named("setInCall").and(takesArguments(1))
                        .and(takesArgument(0, boolean.class)), advice("UndertowExchangeAdvice")));
    }

    /**
     * Tomcat's wrapper valve: the route found from the request line first ({@link TomcatRouteAdvice}, outermost, so
     * the route is known when the servlet advice ends), then the servlet advice of the valve's API, which records the
     * request there for every servlet and filter of the container. The valve catches what the filter chain throws and
     * leaves it in the request's error attribute, where the servlet advice reads it.
     */
    private AdviceTransformer wrapperValveAdvice(String servletAdvice) {
        MethodMatcher invoke = named("invoke").and(takesArguments(2))
                .and(takesArgument(0, "org.apache.catalina.connector.Request"));
        return Instrumentations.advice().advice(invoke, advice("TomcatRouteAdvice")).advice(invoke, advice(servletAdvice));
    }

    static MethodMatcher serviceMethod(String api) {
        return named("service").and(not(isAbstract())).and(takesArguments(2))
                .and(takesArgument(0, api + ".ServletRequest"))
                .and(takesArgument(1, api + ".ServletResponse"));
    }

    static MethodMatcher doFilterMethod(String api) {
        return named("doFilter").and(not(isAbstract())).and(takesArguments(3))
                .and(takesArgument(0, api + ".ServletRequest"))
                .and(takesArgument(1, api + ".ServletResponse"))
                .and(takesArgument(2, api + ".FilterChain"));
    }

    /**
     * Concrete servlets and filters of either API that declare a method the advice applies to (others, such as
     * {@code GenericFilter} or a servlet overriding only {@code service(HttpServletRequest, HttpServletResponse)},
     * would be rewritten unchanged). A loading class is first checked against its own constants, then its class
     * loader is asked whether it sees the servlet API at all, then its methods and hierarchy are read.
     */
    static final class ServletTypes implements Transformations.RawMatcher, CandidateTypes.HeaderMatcher {
        /** Jakarta first: on a current application it is found without asking every jar for the one it lacks. */
        private final LoaderSees servletApi = new LoaderSees("jakarta/servlet/Servlet.class", "javax/servlet/Servlet.class");

        /** {@link #serviceMethod} and {@link #doFilterMethod} of both APIs, by name and parameter list. */
        private static final String[][] ADVISED_METHODS = advisedMethods();
        /**
         * How the descriptor of every advised method, of either API, starts: a class file without such a constant
         * declares none of them, and most classes of an application are rejected on this before their methods are
         * parsed.
         */
        private static final byte[][] REQUEST_PARAMETER = requestParameter();
        private static final ElementMatcher<MethodDescription> ADVISED_BY_BYTE_BUDDY = serviceMethod(API_PACKAGES[0])
                .or(doFilterMethod(API_PACKAGES[0])).or(serviceMethod(API_PACKAGES[1])).or(doFilterMethod(API_PACKAGES[1]))
                .asByteBuddy();

        private static byte[][] requestParameter() {
            byte[][] prefixes = new byte[API_PACKAGES.length][];
            for (int i = 0; i < API_PACKAGES.length; i++) {
                prefixes[i] = ("(L" + API_PACKAGES[i].replace('.', '/') + "/ServletRequest;").getBytes(StandardCharsets.US_ASCII);
            }
            return prefixes;
        }

        private static String[][] advisedMethods() {
            String[][] methods = new String[2 * API_PACKAGES.length][];
            for (int i = 0; i < API_PACKAGES.length; i++) {
                String api = "L" + API_PACKAGES[i].replace('.', '/') + "/";
                methods[2 * i] = new String[] {"service", "(" + api + "ServletRequest;" + api + "ServletResponse;)"};
                methods[2 * i + 1] = new String[] {"doFilter",
                    "(" + api + "ServletRequest;" + api + "ServletResponse;" + api + "FilterChain;)"};
            }
            return methods;
        }

        @Override
        public boolean matches(TypeDescription type, ClassLoader loader, Module module, Class<?> classBeingRedefined,
                               ProtectionDomain protectionDomain) {
            return servletApi.test(loader) && !neverServlet(type.getName()) && !TomcatWrapperValves.covers(loader)
                    && TypeIndex.cheaperFirst(type, () -> !type.getDeclaredMethods().filter(ADVISED_BY_BYTE_BUDDY).isEmpty(),
                            () -> TypeIndex.isClassOf(TypeIndex.facts(type, loader), TypeIndex.SERVLET | TypeIndex.FILTER));
        }

        @Override
        public boolean mayMatch(String name, ClassLoader loader) {
            // The class's own constants first: asking the loader whether it sees the servlet API the first time
            // searches every jar it has (on a Spring Boot application, each nested jar opened), so that is done only
            // for a loader whose classes may be servlets.
            return !neverServlet(name) && !TomcatWrapperValves.covers(loader)
                    && TypeIndex.holdsConstantStartingWith(name, REQUEST_PARAMETER) && servletApi.test(loader)
                    && TypeIndex.declaresOfLoading(name, ADVISED_METHODS)
                    && TypeIndex.isClassOf(TypeIndex.factsOfLoading(name, loader), TypeIndex.SERVLET | TypeIndex.FILTER);
        }

        private static boolean neverServlet(String name) {
            for (String prefix : NEVER_SERVLETS) {
                if (name.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }
}

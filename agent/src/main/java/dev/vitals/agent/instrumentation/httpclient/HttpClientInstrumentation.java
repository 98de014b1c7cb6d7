package dev.vitals.agent.instrumentation.httpclient;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.instrumentation.CandidateTypes;
import dev.vitals.agent.config.ConfigKey;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.instrumentation.InstrumentationModule;
import dev.vitals.agent.instrumentation.Instrumentations;
import dev.vitals.agent.instrumentation.Transformations;
import dev.vitals.agent.instrumentation.TypeIndex;

import static dev.vitals.agent.instrumentation.MethodMatcher.isAbstract;
import static dev.vitals.agent.instrumentation.MethodMatcher.isPublic;
import static dev.vitals.agent.instrumentation.MethodMatcher.named;
import static dev.vitals.agent.instrumentation.MethodMatcher.nameStartsWith;
import static dev.vitals.agent.instrumentation.MethodMatcher.not;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArgument;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArguments;

/**
 * Outbound HTTP: the JDK's {@code HttpURLConnection} (HTTP and HTTPS) and {@code java.net.http.HttpClient},
 * Apache HttpClient 4.x and 5.x (classic and async), and OkHttp 4. Every call goes to
 * {@code http_client_request_duration_seconds}, to its service's breaker view and to the current request's
 * breakdown (see {@code Services}).
 *
 * <p>Type matching is by exact name, or by package and then the class's header (Apache HttpClient's clients, by the
 * base client they extend), so no hierarchy is walked for unrelated classes.
 * The two JDK implementation classes live in packages the agent otherwise ignores ({@code sun.},
 * {@code jdk.internal.}); {@code Instrumentations} lets exactly these two through.
 */
public final class HttpClientInstrumentation implements InstrumentationModule {
    /** The JDK classes advised here, which the agent's ignore list must let through. */
    public static final String JDK_URL_CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";
    public static final String JDK_HTTP_CLIENT = "jdk.internal.net.http.HttpClientImpl";

    @Override
    public String name() {
        return "httpclient";
    }

    @Override
    public ConfigKey<Boolean> enabledKey() {
        return Keys.INSTRUMENTATION_HTTPCLIENT;
    }

    @Override
    public Transformations install(Config config, Transformations builder) {
        return builder
                .type(CandidateTypes.named(JDK_URL_CONNECTION))
                .transform(Instrumentations.advice()
                        .advice(named("getInputStream").and(takesArguments(0)), advice("JdkUrlConnectionAdvice$InputStream"))
                        .advice(named("connect").and(takesArguments(0)).or(named("getOutputStream").and(takesArguments(0))),
                                advice("JdkUrlConnectionAdvice$Connect")))
                .type(CandidateTypes.named(JDK_HTTP_CLIENT))
                .transform(Instrumentations.advice()
                        .advice(named("send").and(isPublic()).and(takesArguments(2)), advice("JdkHttpClientAdvice$Send"))
                        .advice(named("sendAsync").and(isPublic()).and(takesArguments(2).or(takesArguments(3))),
                                advice("JdkHttpClientAdvice$SendAsync")))
                .type(CandidateTypes.byHeader(new ClientsIn("org.apache.http.impl.client.", TypeIndex.HTTP_CLIENT_4)))
                .transform(Instrumentations.advice()
                        .advice(named("doExecute").and(not(isAbstract())).and(takesArguments(3))
                                        .and(takesArgument(0, "org.apache.http.HttpHost"))
                                        .and(takesArgument(1, "org.apache.http.HttpRequest")),
                                advice("ApacheHttpClient4Advice")))
                .type(CandidateTypes.byHeader(new ClientsIn("org.apache.hc.client5.http.impl.classic.",
                        TypeIndex.HTTP_CLIENT_5)))
                .transform(Instrumentations.advice()
                        .advice(named("doExecute").and(not(isAbstract())).and(takesArguments(3))
                                        .and(takesArgument(0, "org.apache.hc.core5.http.HttpHost"))
                                        .and(takesArgument(1, "org.apache.hc.core5.http.ClassicHttpRequest")),
                                advice("ApacheHttpClient5Advice")))
                .type(CandidateTypes.byHeader(new ClientsIn("org.apache.hc.client5.http.impl.async.",
                        TypeIndex.HTTP_ASYNC_CLIENT_5)))
                .transform(Instrumentations.advice()
                        .advice(named("doExecute").and(not(isAbstract())).and(takesArguments(6))
                                        .and(takesArgument(1, "org.apache.hc.core5.http.nio.AsyncRequestProducer"))
                                        .and(takesArgument(5, "org.apache.hc.core5.concurrent.FutureCallback")),
                                advice("ApacheHttpAsyncClient5Advice")))
                .type(CandidateTypes.named("okhttp3.internal.connection.RealCall"))
                .transform(Instrumentations.advice()
                        .advice(nameStartsWith("getResponseWithInterceptorChain").and(takesArguments(0)),
                                advice("OkHttpAdvice")));
    }
}

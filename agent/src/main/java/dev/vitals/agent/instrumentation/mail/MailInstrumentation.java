package dev.vitals.agent.instrumentation.mail;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.instrumentation.CandidateTypes;
import dev.vitals.agent.config.ConfigKey;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.instrumentation.InstrumentationModule;
import dev.vitals.agent.instrumentation.Instrumentations;
import dev.vitals.agent.instrumentation.Transformations;

import static dev.vitals.agent.instrumentation.MethodMatcher.isStatic;
import static dev.vitals.agent.instrumentation.MethodMatcher.named;
import static dev.vitals.agent.instrumentation.MethodMatcher.not;
import static dev.vitals.agent.instrumentation.MethodMatcher.isAbstract;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArgument;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArguments;

/**
 * Mail through Jakarta Mail ({@code jakarta.mail}) and JavaMail ({@code javax.mail}): every send is a call to the
 * {@code email} service, in {@code vitals_mail_send_duration_seconds} and the service's breaker view. The SMTP
 * transports of Angus Mail and of the older {@code com.sun.mail} are matched by name.
 */
public final class MailInstrumentation implements InstrumentationModule {
    private static final String[] TRANSPORTS = {
        "org.eclipse.angus.mail.smtp.SMTPTransport", "org.eclipse.angus.mail.smtp.SMTPSSLTransport",
        "com.sun.mail.smtp.SMTPTransport", "com.sun.mail.smtp.SMTPSSLTransport",
    };

    @Override
    public String name() {
        return "mail";
    }

    @Override
    public ConfigKey<Boolean> enabledKey() {
        return Keys.INSTRUMENTATION_MAIL;
    }

    @Override
    public Transformations install(Config config, Transformations builder) {
        Transformations.Identified transports = builder.type(CandidateTypes.namedOneOf(TRANSPORTS));
        return transports
                .transform(Instrumentations.advice()
                        .advice(named("sendMessage").and(not(isAbstract())).and(takesArguments(2))
                                .and(takesArgument(0, "jakarta.mail.Message")), advice("JakartaMailAdvice$SendMessage"))
                        .advice(named("sendMessage").and(not(isAbstract())).and(takesArguments(2))
                                .and(takesArgument(0, "javax.mail.Message")), advice("JavaxMailAdvice$SendMessage")))
                .type(CandidateTypes.named("jakarta.mail.Transport"))
                .transform(Instrumentations.advice()
                        .advice(named("send").and(isStatic()).and(takesArgument(0, "jakarta.mail.Message")),
                                advice("JakartaMailAdvice$Send")))
                .type(CandidateTypes.named("javax.mail.Transport"))
                .transform(Instrumentations.advice()
                        .advice(named("send").and(isStatic()).and(takesArgument(0, "javax.mail.Message")),
                                advice("JavaxMailAdvice$Send")));
    }
}

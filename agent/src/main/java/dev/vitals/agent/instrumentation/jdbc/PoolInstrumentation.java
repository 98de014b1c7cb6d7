package dev.vitals.agent.instrumentation.jdbc;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.instrumentation.CandidateTypes;
import dev.vitals.agent.config.ConfigKey;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.instrumentation.InstrumentationModule;
import dev.vitals.agent.instrumentation.Instrumentations;
import dev.vitals.agent.instrumentation.TypeIndex;
import dev.vitals.agent.instrumentation.Transformations;

import static dev.vitals.agent.instrumentation.MethodMatcher.named;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArgument;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArguments;

/**
 * Connection acquisition through any {@code javax.sql.DataSource}: {@code getConnection()} and
 * {@code getConnection(user, password)}. The time spent there is the pool wait; the data source itself is captured
 * (weakly) for the pool gauges of HikariCP, DBCP2 (Apache's and Tomcat's copy), Tomcat JDBC, c3p0 and UCP and for
 * the database health check. JNDI lookups in the JDK's and Tomcat's naming contexts tell the name a container-managed
 * pool was looked up by.
 */
public final class PoolInstrumentation implements InstrumentationModule {
    /** Naming contexts whose {@code lookup(String)} is advised: the JDK's entry point and Tomcat's contexts. */
    static final String[] NAMING_CONTEXTS = {"javax.naming.InitialContext", "org.apache.naming.NamingContext",
        "org.apache.naming.SelectorContext"};

    @Override
    public String name() {
        return "pool";
    }

    @Override
    public ConfigKey<Boolean> enabledKey() {
        return Keys.INSTRUMENTATION_POOL;
    }

    @Override
    public Transformations install(Config config, Transformations builder) {
        return builder
                .type(CandidateTypes.byHeader(new JdbcTypes(TypeIndex.DATA_SOURCE, "getConnection")))
                .transform(Instrumentations.advice()
                        .advice(JdbcInstrumentation.concrete().and(named("getConnection"))
                                .and(takesArguments(0).or(takesArguments(2).and(takesArgument(0, String.class))
                                        .and(takesArgument(1, String.class)))), advice("AcquireAdvice")))
                .type(CandidateTypes.namedOneOf(NAMING_CONTEXTS))
                .transform(Instrumentations.advice()
                        .advice(named("lookup").and(takesArguments(1)).and(takesArgument(0, String.class)),
                                advice("LookupAdvice")));
    }
}

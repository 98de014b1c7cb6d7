package dev.vitals.agent.instrumentation.jdbc;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.config.ConfigKey;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.database.DatabaseMetrics;
import dev.vitals.agent.instrumentation.InstrumentationModule;
import dev.vitals.agent.instrumentation.Instrumentations;
import dev.vitals.agent.instrumentation.TypeIndex;
import net.bytebuddy.agent.builder.AgentBuilder;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Connection acquisition through any {@code javax.sql.DataSource}: {@code getConnection()} and
 * {@code getConnection(user, password)}. The time spent there is the pool wait; the data source itself is captured
 * (weakly) for the pool gauges of HikariCP, DBCP2 and Tomcat JDBC and for the database health check.
 */
public final class PoolInstrumentation implements InstrumentationModule {
    @Override
    public String name() {
        return "pool";
    }

    @Override
    public ConfigKey<Boolean> enabledKey() {
        return Keys.INSTRUMENTATION_POOL;
    }

    @Override
    public AgentBuilder install(AgentContext context, AgentBuilder builder) {
        DatabaseMetrics.install(context);
        return builder
                .type(new JdbcTypes(TypeIndex.DATA_SOURCE))
                .transform(Instrumentations.advice()
                        .advice(JdbcInstrumentation.concrete().and(named("getConnection"))
                                .and(takesArguments(0).or(takesArguments(2).and(takesArgument(0, String.class))
                                        .and(takesArgument(1, String.class)))), AcquireAdvice.class.getName()));
    }
}

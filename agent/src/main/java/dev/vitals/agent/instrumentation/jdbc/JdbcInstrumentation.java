package dev.vitals.agent.instrumentation.jdbc;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.instrumentation.CandidateTypes;
import dev.vitals.agent.config.ConfigKey;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.instrumentation.InstrumentationModule;
import dev.vitals.agent.instrumentation.Instrumentations;
import dev.vitals.agent.instrumentation.TypeIndex;
import dev.vitals.agent.instrumentation.MethodMatcher;
import dev.vitals.agent.instrumentation.Transformations;

import static dev.vitals.agent.instrumentation.MethodMatcher.isAbstract;
import static dev.vitals.agent.instrumentation.MethodMatcher.isPublic;
import static dev.vitals.agent.instrumentation.MethodMatcher.isStatic;
import static dev.vitals.agent.instrumentation.MethodMatcher.named;
import static dev.vitals.agent.instrumentation.MethodMatcher.namedOneOf;
import static dev.vitals.agent.instrumentation.MethodMatcher.not;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArgument;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArguments;

/**
 * JDBC statements of any driver, through {@code java.sql.Statement}, {@code PreparedStatement} and
 * {@code CallableStatement}: {@code execute}, {@code executeQuery}, {@code executeUpdate}, {@code executeLargeUpdate},
 * {@code executeBatch} and {@code executeLargeBatch}; and {@code Connection.prepareStatement}/{@code prepareCall},
 * which tell which SQL a prepared statement runs; {@code Connection.isValid}, whose driver statements are not recorded.
 * Recording is in {@code DatabaseMetrics}.
 */
public final class JdbcInstrumentation implements InstrumentationModule {
    static final String[] EXECUTE = {"execute", "executeQuery", "executeUpdate", "executeLargeUpdate"};
    static final String[] BATCH = {"executeBatch", "executeLargeBatch"};
    static final String[] PREPARE = {"prepareStatement", "prepareCall"};
    /** Every method name advised on a statement, and on a connection. */
    static final String[] STATEMENT_METHODS = concat(EXECUTE, BATCH);
    static final String[] CONNECTION_METHODS = concat(PREPARE, new String[] {"isValid"});

    private static String[] concat(String[] first, String[] second) {
        String[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    @Override
    public String name() {
        return "jdbc";
    }

    @Override
    public ConfigKey<Boolean> enabledKey() {
        return Keys.INSTRUMENTATION_JDBC;
    }

    @Override
    public Transformations install(Config config, Transformations builder) {
        return builder
                .type(CandidateTypes.byHeader(new JdbcTypes(TypeIndex.STATEMENT, STATEMENT_METHODS)))
                .transform(Instrumentations.advice()
                        .advice(concrete().and(namedOneOf(EXECUTE)).and(takesArguments(0))
                                .or(concrete().and(namedOneOf(BATCH)).and(takesArguments(0))), advice("ExecuteAdvice"))
                        .advice(concrete().and(namedOneOf(EXECUTE)).and(takesArgument(0, String.class)),
                                advice("ExecuteSqlAdvice")))
                .type(CandidateTypes.byHeader(new JdbcTypes(TypeIndex.CONNECTION, CONNECTION_METHODS)))
                .transform(Instrumentations.advice()
                        .advice(concrete().and(namedOneOf(PREPARE))
                                .and(takesArgument(0, String.class)), advice("PrepareAdvice"))
                        .advice(concrete().and(named("isValid")).and(takesArguments(1)), advice("ValidAdvice")));
    }

    static MethodMatcher concrete() {
        return isPublic().and(not(isAbstract())).and(not(isStatic()));
    }
}

package dev.vitals.it.jdbc;

/** H2 in memory behind HikariCP. */
class H2HikariTest extends StatementScenario {
    @Override
    String[] connection() {
        return new String[] {"jdbc:h2:mem:vitals_it;DB_CLOSE_DELAY=-1", "sa", "secret-password"};
    }

    @Override
    String pool() {
        return "hikari";
    }

    @Override
    String poolName() {
        return "it-hikari";
    }

    @Override
    String system() {
        return "h2";
    }

    @Override
    String namespace() {
        return "vitals_it";
    }

    @Override
    String missingTableState() {
        return "42S02";
    }

    @Override
    void requireDatabase() {
    }
}

package dev.vitals.it.jdbc;

import dev.vitals.it.Services;

/** MariaDB (mariadb-java-client) behind HikariCP, on the shared server. */
class MariaDbHikariTest extends StatementScenario {
    @Override
    String[] connection() {
        return new String[] {"jdbc:mariadb://127.0.0.1:3306/test", "root", ""};
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
        return "mariadb";
    }

    @Override
    String namespace() {
        return "test";
    }

    @Override
    String missingTableState() {
        return "42S02";
    }

    @Override
    void requireDatabase() {
        Services.requireMariaDb();
    }
}

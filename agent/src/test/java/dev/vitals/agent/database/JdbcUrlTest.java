package dev.vitals.agent.database;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class JdbcUrlTest {
    private static void url(String url, String system, String server, String namespace) {
        JdbcUrl u = JdbcUrl.parse(url);
        assertEquals(system, u.system, url);
        assertEquals(server, u.server, url);
        assertEquals(namespace, u.namespace, url);
    }

    @Test
    void systemsServersAndNamespaces() {
        url("jdbc:postgresql://127.0.0.1:5432/test?ssl=false", "postgresql", "127.0.0.1:5432", "test");
        url("jdbc:postgresql://db1:5432,db2:5432/shop", "postgresql", "db1:5432", "shop");
        url("jdbc:postgresql:shop", "postgresql", "", "shop");
        url("jdbc:mariadb://localhost:3306/test", "mariadb", "localhost:3306", "test");
        url("jdbc:mysql://user:pw@host/db?x=1", "mysql", "host", "db");
        url("jdbc:mysql:loadbalance://h1,h2/db", "mysql", "h1", "db");
        url("jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1", "h2", "", "shop");
        url("jdbc:h2:file:/var/data/orders", "h2", "", "orders");
        url("jdbc:h2:tcp://dbhost:9092/~/sample", "h2", "dbhost:9092", "sample");
        url("jdbc:oracle:thin:@//dbhost:1521/ORCL", "oracle.db", "dbhost:1521", "ORCL");
        url("jdbc:oracle:thin:@dbhost:1521:SID", "oracle.db", "dbhost:1521", "SID");
        url("jdbc:sqlserver://sql1:1433;databaseName=sales;user=sa", "microsoft.sql_server", "sql1:1433", "sales");
        url("jdbc:unknowndb://x/y", "other_sql", "x", "y");
        url(null, "other_sql", "", "");
        url("not a url", "other_sql", "", "");
    }

    @Test
    void passwordsAreRedacted() {
        String[] urls = {
            "jdbc:postgresql://host/db?user=app&password=hunter2",
            "jdbc:mysql://app:hunter2@host/db",
            "jdbc:h2:mem:x;USER=sa;PASSWORD=hunter2",
            "jdbc:sqlserver://h;databaseName=d;password=hunter2",
        };
        for (String u : urls) {
            String redacted = JdbcUrl.parse(u).redacted;
            assertFalse(redacted.contains("hunter2"), redacted);
        }
    }
}
